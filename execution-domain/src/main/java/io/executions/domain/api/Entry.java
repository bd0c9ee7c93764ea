package io.executions.domain.api;

/** One entry of an execution's ordered list: a target to call, or the entries of another execution. */
public sealed interface Entry permits Entry.Target, Entry.Include {

    static Entry target(String targetId) {
        return new Target(TargetId.of(targetId));
    }

    static Entry include(Condition condition) {
        return new Include(condition.id(), condition);
    }

    /** {@code {"target": "<target id>"}}. */
    record Target(TargetId target) implements Entry {
        public Target {
            java.util.Objects.requireNonNull(target, "target");
        }

        @Override
        public String toString() {
            return "target:" + target;
        }
    }

    /**
     * {@code {"include": <condition>}}, kept as the included execution's id. {@code requested} is the
     * condition as the caller wrote it (null when read back from an id): rule 6 checks its shape, because
     * the id alone can hide a broken one (the method {@code "/" + 1000 characters} has the id of a
     * 1000-character service). The identity, equality included, is the id alone.
     */
    record Include(ExecutionId include, Condition requested) implements Entry {
        public Include {
            java.util.Objects.requireNonNull(include, "include");
        }

        public Include(ExecutionId include) {
            this(include, null);
        }

        public Condition condition() {
            return include.toCondition();
        }

        /** The condition as the caller wrote it, or the id's condition when there is none. */
        public Condition asWritten() {
            return requested != null ? requested : include.toCondition();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Include that && include.equals(that.include);
        }

        @Override
        public int hashCode() {
            return include.hashCode();
        }

        @Override
        public String toString() {
            return "include:" + include;
        }
    }
}
