package io.executions.projections;

import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.TargetId;

import java.time.Instant;

/**
 * One delivery as the delivery log shows it (docs/delivery.md). {@code nextAttempt} is null unless the
 * delivery is pending; {@code lastError} is empty when the last attempt succeeded or none was made.
 */
public record DeliveryView(DeliveryId id, TargetId targetId, String eventType, DeliveryStatus status, int attempts,
                           String lastError, Instant nextAttempt, Instant createdDate, Instant changeDate) {
}
