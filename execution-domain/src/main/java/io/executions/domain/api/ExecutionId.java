package io.executions.domain.api;

import java.util.Objects;

/**
 * The stable id of an execution (docs/contract.md ("Execution ids")), used in events, read models and URLs. The mapping
 * is two-way: {@link #of(Condition)} and {@link #toCondition()}.
 */
public record ExecutionId(String value) implements Comparable<ExecutionId> {

    public ExecutionId {
        Objects.requireNonNull(value, "execution id");
    }

    public static ExecutionId of(Condition condition) {
        ExecutionType type = condition.type();
        return switch (condition.kind()) {
            case REQUEST_ALL, RESPONSE_ALL, EVENT_ALL -> new ExecutionId(type.json());
            case REQUEST_METHOD, RESPONSE_METHOD, REQUEST_SERVICE, RESPONSE_SERVICE ->
                    new ExecutionId(join(type, condition.value()));
            case FUNCTION, EVENT -> new ExecutionId(type.json() + "/" + condition.value());
            case EVENT_GROUP -> new ExecutionId(type.json() + "/" + condition.value() + ".*");
        };
    }

    /** ZITADEL's ID(type, value): a value that starts with a slash is appended as is. */
    private static String join(ExecutionType type, String value) {
        return value.startsWith("/") ? type.json() + value : type.json() + "/" + value;
    }

    /** Parses an id back into its condition; throws {@link IllegalArgumentException} for a malformed id. */
    public static ExecutionId parse(String value) {
        ExecutionId id = new ExecutionId(value);
        id.toCondition();
        return id;
    }

    /** The condition this id stands for. */
    public Condition toCondition() {
        for (ExecutionType type : ExecutionType.values()) {
            String prefix = type.json();
            if (value.equals(prefix)) {
                return switch (type) {
                    case REQUEST -> Condition.requestAll();
                    case RESPONSE -> Condition.responseAll();
                    case EVENT -> Condition.eventAll();
                    case FUNCTION -> throw malformed();
                };
            }
            if (value.startsWith(prefix + "/")) {
                String rest = value.substring(prefix.length() + 1);
                if (rest.isEmpty()) {
                    throw malformed();
                }
                return switch (type) {
                    case REQUEST -> rest.indexOf('/') >= 0
                            ? Condition.requestMethod("/" + rest) : Condition.requestService(rest);
                    case RESPONSE -> rest.indexOf('/') >= 0
                            ? Condition.responseMethod("/" + rest) : Condition.responseService(rest);
                    case FUNCTION -> Condition.function(rest);
                    case EVENT -> rest.endsWith(".*")
                            ? new Condition(ConditionKind.EVENT_GROUP, rest.substring(0, rest.length() - 2))
                            : Condition.event(rest);
                };
            }
        }
        throw malformed();
    }

    public ExecutionType type() {
        return toCondition().type();
    }

    private IllegalArgumentException malformed() {
        return new IllegalArgumentException("not an execution id: '" + value + "'");
    }

    @Override
    public int compareTo(ExecutionId other) {
        return CodePoints.compare(value, other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
