package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The attempt budget (or the maximum age) is spent: the delivery is a dead letter, kept with its last
 * error until an admin retries it.
 */
@Revision("1")
public record DeliveryDead(InstanceId instance, DeliveryId deliveryId, int attempts, String lastError, String actor,
                           Instant at) implements DeliveryEvent {
}
