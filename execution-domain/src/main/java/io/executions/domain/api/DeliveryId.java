package io.executions.domain.api;

import java.util.Objects;
import java.util.UUID;

/**
 * The id of one delivery: one published event (or async call) to one target. It is sent as
 * {@code X-Executions-Delivery} on every attempt, so receivers can drop duplicates.
 */
public record DeliveryId(String value) {
    public DeliveryId {
        Objects.requireNonNull(value, "delivery id");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("delivery id must not be empty");
        }
    }

    public static DeliveryId of(String value) {
        return new DeliveryId(value);
    }

    public static DeliveryId random() {
        return new DeliveryId(UUID.randomUUID().toString());
    }

    /** The event store's aggregate identifier of this delivery's events. */
    public String aggregateId() {
        return "delivery-" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
