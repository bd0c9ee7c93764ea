package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The target answered 2xx: the delivery is done after {@code attempts} attempts. */
@Revision("1")
public record DeliverySucceeded(InstanceId instance, DeliveryId deliveryId, int attempts, String actor, Instant at)
        implements DeliveryEvent {
}
