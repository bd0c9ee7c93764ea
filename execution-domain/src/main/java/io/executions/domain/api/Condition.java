package io.executions.domain.api;

import java.util.Objects;

/**
 * When an execution applies (docs/contract.md ("Words")): exactly one kind, with its value ({@code null} for the
 * {@code all} kinds). The shape rules (lengths, a group that is not just {@code .*}) are checked by
 * {@link io.executions.domain.policy.ConditionShapePolicy}; this type only refuses what cannot be
 * represented at all.
 */
public record Condition(ConditionKind kind, String value) {

    public Condition {
        Objects.requireNonNull(kind, "condition kind");
        if (kind.isAll()) {
            if (value != null) {
                throw new IllegalArgumentException("an 'all' condition has no value");
            }
        } else {
            Objects.requireNonNull(value, () -> kind.choice() + " of a " + kind.type().json() + " condition");
        }
    }

    public static Condition requestMethod(String method) {
        return new Condition(ConditionKind.REQUEST_METHOD, method);
    }

    public static Condition requestService(String service) {
        return new Condition(ConditionKind.REQUEST_SERVICE, service);
    }

    public static Condition requestAll() {
        return new Condition(ConditionKind.REQUEST_ALL, null);
    }

    public static Condition responseMethod(String method) {
        return new Condition(ConditionKind.RESPONSE_METHOD, method);
    }

    public static Condition responseService(String service) {
        return new Condition(ConditionKind.RESPONSE_SERVICE, service);
    }

    public static Condition responseAll() {
        return new Condition(ConditionKind.RESPONSE_ALL, null);
    }

    public static Condition function(String name) {
        return new Condition(ConditionKind.FUNCTION, name);
    }

    public static Condition event(String eventType) {
        return new Condition(ConditionKind.EVENT, eventType);
    }

    /** An event group; a trailing {@code .*} in the input is accepted and ignored (docs/contract.md ("Execution ids")). */
    public static Condition eventGroup(String group) {
        Objects.requireNonNull(group, "group");
        String normalized = group.endsWith(".*") ? group.substring(0, group.length() - 2) : group;
        return new Condition(ConditionKind.EVENT_GROUP, normalized);
    }

    public static Condition eventAll() {
        return new Condition(ConditionKind.EVENT_ALL, null);
    }

    /** Builds a condition from its JSON type and choice names, or null if the pair does not exist. */
    public static Condition of(ExecutionType type, String choice, String value) {
        ConditionKind kind = ConditionKind.of(type, choice);
        if (kind == null) {
            return null;
        }
        if (kind == ConditionKind.EVENT_GROUP) {
            return eventGroup(value);
        }
        return new Condition(kind, kind.isAll() ? null : value);
    }

    public ExecutionType type() {
        return kind.type();
    }

    public ExecutionId id() {
        return ExecutionId.of(this);
    }

    @Override
    public String toString() {
        return id().value();
    }
}
