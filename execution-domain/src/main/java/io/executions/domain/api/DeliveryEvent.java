package io.executions.domain.api;

import java.time.Instant;

/**
 * The events of durable delivery (docs/delivery.md). Each delivery is its own event stream (aggregate
 * identifier {@link DeliveryId#aggregateId()}, sequence numbers from 0): scheduled once, then one
 * {@link DeliveryAttempted} per attempt, ended by {@link DeliverySucceeded} or {@link DeliveryDead}, and
 * put back by {@link DeliveryRetried}. They are kept apart from {@link ExecutionsEvent}: they never
 * change what resolves, and they do not count in an instance's version.
 */
public sealed interface DeliveryEvent permits DeliveryScheduled, DeliveryAttempted, DeliverySucceeded,
        DeliveryDead, DeliveryRetried {
    InstanceId instance();

    DeliveryId deliveryId();

    /** Who caused it: the publishing user, the retrying admin, or the worker ({@code delivery-worker@node}). */
    String actor();

    Instant at();
}
