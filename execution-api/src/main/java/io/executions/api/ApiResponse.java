package io.executions.api;

import java.nio.charset.StandardCharsets;

/** A response: HTTP status and a JSON body (always JSON, errors included). */
public record ApiResponse(int status, byte[] body) {
    public static final String CONTENT_TYPE = "application/json";

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
