package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A delivery was stored: {@code body} (the exact JSON sent on every attempt, so each retry carries the
 * same bytes) goes to {@code targetId}, first attempt due at {@code at}. {@code eventType} is the
 * published event's type; {@code executionId} the execution that resolved the target.
 */
@Revision("1")
public record DeliveryScheduled(InstanceId instance, DeliveryId deliveryId, TargetId targetId, String eventType,
                                ExecutionId executionId, String body, String actor, Instant at)
        implements DeliveryEvent {
}
