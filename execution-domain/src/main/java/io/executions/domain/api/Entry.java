package io.executions.domain.api;

/** One entry of an execution's ordered list: a target to call, or the entries of another execution. */
public sealed interface Entry permits Entry.Target, Entry.Include {

    static Entry target(String targetId) {
        return new Target(TargetId.of(targetId));
    }

    static Entry include(Condition condition) {
        return new Include(condition.id());
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

    /** {@code {"include": <condition>}}, kept as the included execution's id. */
    record Include(ExecutionId include) implements Entry {
        public Include {
            java.util.Objects.requireNonNull(include, "include");
        }

        public Condition condition() {
            return include.toCondition();
        }

        @Override
        public String toString() {
            return "include:" + include;
        }
    }
}
