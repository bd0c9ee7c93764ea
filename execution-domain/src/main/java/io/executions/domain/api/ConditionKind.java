package io.executions.domain.api;

/**
 * The kind of a condition: its type ({@code request}, {@code response}, {@code function}, {@code event})
 * and its choice inside that type ({@code method}, {@code service}, {@code all}, {@code name},
 * {@code event}, {@code group}).
 */
public enum ConditionKind {
    REQUEST_METHOD(ExecutionType.REQUEST, "method"),
    REQUEST_SERVICE(ExecutionType.REQUEST, "service"),
    REQUEST_ALL(ExecutionType.REQUEST, "all"),
    RESPONSE_METHOD(ExecutionType.RESPONSE, "method"),
    RESPONSE_SERVICE(ExecutionType.RESPONSE, "service"),
    RESPONSE_ALL(ExecutionType.RESPONSE, "all"),
    FUNCTION(ExecutionType.FUNCTION, "name"),
    EVENT(ExecutionType.EVENT, "event"),
    EVENT_GROUP(ExecutionType.EVENT, "group"),
    EVENT_ALL(ExecutionType.EVENT, "all");

    private final ExecutionType type;
    private final String choice;

    ConditionKind(ExecutionType type, String choice) {
        this.type = type;
        this.choice = choice;
    }

    public ExecutionType type() {
        return type;
    }

    /** The JSON field name of the choice inside the type object, e.g. {@code method}. */
    public String choice() {
        return choice;
    }

    public boolean isAll() {
        return "all".equals(choice);
    }

    /** The kind for a type and a JSON choice name, or null when that pair does not exist. */
    public static ConditionKind of(ExecutionType type, String choice) {
        for (ConditionKind kind : values()) {
            if (kind.type == type && kind.choice.equals(choice)) {
                return kind;
            }
        }
        return null;
    }
}
