package io.executions.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a request or response payload says about the host's API call besides its message (docs/dispatch.md):
 * the full method {@code /a.b.S/M}, who calls in which organization and project, and the forwarded headers
 * (ZITADEL forwards {@code content-type}, {@code x-forwarded-for}, {@code x-forwarded-host}, {@code host},
 * {@code origin}; the host decides which it passes).
 */
public record CallContext(String fullMethod, String orgId, String projectId, String userId,
                          Map<String, List<String>> headers) {
    public CallContext {
        Objects.requireNonNull(fullMethod, "fullMethod");
        orgId = orgId == null ? "" : orgId;
        projectId = projectId == null ? "" : projectId;
        userId = userId == null ? "" : userId;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static CallContext of(String fullMethod) {
        return new CallContext(fullMethod, "", "", "", Map.of());
    }
}
