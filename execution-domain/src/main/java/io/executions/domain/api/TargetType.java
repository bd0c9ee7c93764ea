package io.executions.domain.api;

/** How a target is called (docs/contract.md ("Words")): JSON names {@code restWebhook}, {@code restCall}, {@code restAsync}. */
public enum TargetType {
    REST_WEBHOOK("restWebhook"),
    REST_CALL("restCall"),
    REST_ASYNC("restAsync");

    private final String json;

    TargetType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** Only webhooks and calls can interrupt the API call on error. */
    public boolean canInterrupt() {
        return this != REST_ASYNC;
    }

    public static TargetType fromJson(String name) {
        for (TargetType type : values()) {
            if (type.json.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
