package io.executions.domain.api;

/** Where a delivery stands (docs/delivery.md). */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, DEAD
}
