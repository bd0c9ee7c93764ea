package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * One attempt was made. {@code attempt} counts every attempt of the delivery (1 for the first, and it keeps
 * counting after a retry); {@code outcome} is {@code OK}, {@code FAILED}, {@code TIMEOUT} or {@code DENIED}
 * as in docs/dispatch.md; {@code httpStatus} is 0 without an answer; {@code error} is empty on success;
 * {@code nextAttempt} is when the next attempt is due, null when none follows (succeeded or dead).
 */
@Revision("1")
public record DeliveryAttempted(InstanceId instance, DeliveryId deliveryId, int attempt, String outcome,
                                int httpStatus, long durationMs, String error, Instant nextAttempt, String actor,
                                Instant at) implements DeliveryEvent {
}
