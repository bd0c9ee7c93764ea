package io.executions.domain.api;

import java.time.Instant;

/**
 * A domain event of the host, to be delivered to the targets its type resolves to (docs/delivery.md).
 * Only {@code eventType} is required: {@code createdAt} defaults to the time of publishing,
 * {@code userId} to the publishing user, {@code payload} (a JSON object as text) to {@code {}}, the other
 * strings to empty and {@code sequence} to 0.
 */
public record HostEvent(String eventType, String aggregateId, String aggregateType, String resourceOwner,
                        long sequence, Instant createdAt, String userId, String payload) {

    /** An event with only its type; everything else defaults. */
    public static HostEvent of(String eventType) {
        return new HostEvent(eventType, null, null, null, 0, null, null, null);
    }

    /** An event with its type and payload (a JSON object as text). */
    public static HostEvent of(String eventType, String payload) {
        return new HostEvent(eventType, null, null, null, 0, null, null, payload);
    }
}
