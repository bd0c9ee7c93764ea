package io.executions.domain.api;

import java.time.Instant;

/**
 * The answer of {@link SetExecution}: the time of the event written, or of the last change when
 * nothing was written ({@link #NEVER} for an empty list on a never-set execution).
 */
public record SetExecutionResult(Instant setDate, boolean written) {
    /** {@code 0001-01-01T00:00:00Z}, ZITADEL's zero time. */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");
}
