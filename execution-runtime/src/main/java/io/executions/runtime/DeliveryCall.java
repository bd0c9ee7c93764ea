package io.executions.runtime;

import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.InstanceId;
import io.executions.projections.TargetView;

import java.util.Objects;

/**
 * One attempt to make: {@code body} goes to {@code target} (its current definition) with
 * {@code X-Executions-Delivery: deliveryId}; {@code attempt} counts from 1 and keeps counting across
 * retries. {@code timeoutMs} bounds the whole exchange: the target's timeout, or less when the worker's
 * claim would run out sooner.
 */
public record DeliveryCall(InstanceId instance, DeliveryId deliveryId, TargetView target, String body, int attempt,
                           long timeoutMs) {
    public DeliveryCall {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
    }
}
