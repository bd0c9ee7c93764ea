package io.executions.domain.api;

/**
 * How a target's payload is sent (v2's {@code payload_type}, docs/dispatch.md): the JSON itself (default), a JWT
 * whose claims are the JSON payload, signed with the host's key (JWKS published), or a JWE encrypted to a
 * public key registered for the target.
 */
public enum PayloadType {
    JSON("PAYLOAD_TYPE_JSON"),
    JWT("PAYLOAD_TYPE_JWT"),
    JWE("PAYLOAD_TYPE_JWE");

    private final String json;

    PayloadType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The enum name as protobuf's JSON writes it; {@code PAYLOAD_TYPE_UNSPECIFIED} is JSON; null if unknown. */
    public static PayloadType fromJson(String name) {
        if ("PAYLOAD_TYPE_UNSPECIFIED".equals(name)) {
            return JSON;
        }
        for (PayloadType type : values()) {
            if (type.json.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
