package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin put a dead delivery back: pending, due at {@code at}, with a fresh attempt budget. */
@Revision("1")
public record DeliveryRetried(InstanceId instance, DeliveryId deliveryId, String actor, Instant at)
        implements DeliveryEvent {
}
