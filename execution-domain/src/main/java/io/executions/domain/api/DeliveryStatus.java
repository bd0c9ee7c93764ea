package io.executions.domain.api;

/** Where a delivery stands (SPEC section 12). */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, DEAD
}
