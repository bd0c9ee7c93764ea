package io.executions.domain.policy;

import io.executions.domain.api.CodePoints;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.TargetType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * docs/contract.md ("Targets"): a target has a name of 1..1000 characters, a type, an endpoint that is an absolute
 * http(s) URL, and a timeout of more than 0 and at most 270 seconds.
 */
public final class TargetDefinitionPolicy {
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(270);
    public static final int MAX_NAME_LENGTH = 1000;
    public static final int MAX_ENDPOINT_LENGTH = 1000;

    private TargetDefinitionPolicy() {
    }

    public static void check(String name, TargetType type, String endpoint, Duration timeout) {
        if (name == null || name.isBlank() || CodePoints.length(name) > MAX_NAME_LENGTH) {
            throw invalid("EXEC-T-NAME", "a target needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (type == null) {
            throw invalid("EXEC-T-TYPE", "a target needs one of restWebhook, restCall or restAsync");
        }
        checkEndpoint(endpoint);
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid("EXEC-T-TIMEOUT", "a target's timeout must be more than 0 and at most 270s, was "
                    + (timeout == null ? "missing" : timeout.toMillis() + "ms"));
        }
    }

    /**
     * The fields an UpdateTarget gives (null: unchanged), checked on their own, before the target is looked up:
     * a request is validated before anything is loaded (docs/contract.md, UpdateTarget), so a bad body is 400
     * whether or not the target exists.
     */
    public static void checkChange(String name, String endpoint, Duration timeout) {
        if (name != null && (name.isBlank() || CodePoints.length(name) > MAX_NAME_LENGTH)) {
            throw invalid("EXEC-T-NAME", "a target needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            throw invalid("EXEC-T-TIMEOUT", "a target's timeout must be more than 0 and at most 270s, was "
                    + timeout.toMillis() + "ms");
        }
    }

    private static void checkEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isEmpty() || CodePoints.length(endpoint) > MAX_ENDPOINT_LENGTH) {
            throw invalid("EXEC-T-ENDPOINT", "a target needs an endpoint, an absolute http(s) URL");
        }
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme();
            boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            if (!uri.isAbsolute() || !http || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw invalid("EXEC-T-ENDPOINT", "the endpoint '" + endpoint + "' is not an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw invalid("EXEC-T-ENDPOINT", "the endpoint '" + endpoint + "' is not a URL: " + e.getReason());
        }
    }

    private static RuntimeException invalid(String id, String message) {
        return Rejections.invalid(id, MessageKeys.TARGET_INVALID, message);
    }
}
