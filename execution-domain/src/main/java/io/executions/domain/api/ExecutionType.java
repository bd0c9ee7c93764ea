package io.executions.domain.api;

/** The four types of condition, named as in the JSON ({@code request}, ...) and as id prefixes. */
public enum ExecutionType {
    REQUEST("request"),
    RESPONSE("response"),
    FUNCTION("function"),
    EVENT("event");

    private final String json;

    ExecutionType(String json) {
        this.json = json;
    }

    /** The JSON field name and the execution id prefix of this type. */
    public String json() {
        return json;
    }

    public static ExecutionType fromJson(String name) {
        for (ExecutionType type : values()) {
            if (type.json.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
