package io.executions.api;

import java.util.Objects;

/**
 * A request as any HTTP stack can hand it over.
 *
 * @param method        the HTTP method, e.g. {@code PUT}
 * @param path          the raw (still percent-encoded) path, without query string
 * @param authorization the {@code Authorization} header, or null
 * @param body          the body bytes; a host may cut it off after {@link ExecutionsHttpApi#MAX_BODY_BYTES}
 *                      + 1 bytes, the facade only needs to see that it is too large
 * @param ifMatch       the {@code If-Match} header, or null (docs/safe-change.md: applying a plan)
 */
public record ApiRequest(String method, String path, String authorization, byte[] body, String ifMatch) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        body = body == null ? new byte[0] : body;
    }

    /** A request without {@code If-Match}. */
    public ApiRequest(String method, String path, String authorization, byte[] body) {
        this(method, path, authorization, body, null);
    }

    public static ApiRequest of(String method, String path, String authorization, String body) {
        return new ApiRequest(method, path, authorization,
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
