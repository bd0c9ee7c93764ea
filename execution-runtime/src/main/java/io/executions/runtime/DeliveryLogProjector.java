package io.executions.runtime;

import io.executions.domain.api.DeliveryAttempted;
import io.executions.domain.api.DeliveryDead;
import io.executions.domain.api.DeliveryRetried;
import io.executions.domain.api.DeliveryScheduled;
import io.executions.domain.api.DeliverySucceeded;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * Keeps the {@link DeliveryLog} in step with the delivery events. Registered in the subscribing group
 * {@value #PROCESSING_GROUP} (propagating errors), so the log row and the events commit or roll back
 * together; the same handlers fold the store into a fresh log for a replay.
 */
final class DeliveryLogProjector {
    static final String PROCESSING_GROUP = "delivery-log";

    private final DeliveryLog log;

    DeliveryLogProjector(DeliveryLog log) {
        this.log = log;
    }

    @EventHandler
    void on(DeliveryScheduled event, @SequenceNumber Long seq) {
        log.scheduled(event, seq);
    }

    @EventHandler
    void on(DeliveryAttempted event, @SequenceNumber Long seq) {
        log.attempted(event, seq);
    }

    @EventHandler
    void on(DeliverySucceeded event, @SequenceNumber Long seq) {
        log.succeeded(event, seq);
    }

    @EventHandler
    void on(DeliveryDead event, @SequenceNumber Long seq) {
        log.dead(event, seq);
    }

    @EventHandler
    void on(DeliveryRetried event, @SequenceNumber Long seq) {
        log.retried(event, seq);
    }
}
