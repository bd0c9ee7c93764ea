package io.executions.runtime;

import io.executions.projections.DeliveryView;

import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;

import java.time.Instant;

/**
 * One row of the delivery log: what the events made of a delivery ({@code seq} is the sequence number of
 * its last event; {@code budgetStart}/{@code budgetSince} are the attempts and time when its current
 * attempt budget began), plus the worker's claim, which is not derived from events.
 */
record DeliveryRow(DeliveryId id, InstanceId instance, TargetId targetId, String eventType, ExecutionId executionId,
                   String body, DeliveryStatus status, int attempts, int budgetStart, Instant budgetSince,
                   String lastError, Instant nextAttempt, Instant createdDate, Instant changeDate, long seq,
                   String claimedBy, Instant claimUntil) {

    DeliveryView view() {
        return new DeliveryView(id, targetId, eventType, status, attempts, lastError, nextAttempt, createdDate,
                changeDate);
    }

    /** Everything the events determine (the claim left out), for comparing a replay with the live log. */
    String canonical() {
        return id + "|" + instance + "|" + targetId + "|" + eventType + "|" + executionId + "|" + body.hashCode()
                + "|" + status + "|" + attempts + "|" + budgetStart + "|" + budgetSince + "|" + lastError + "|"
                + nextAttempt + "|" + createdDate + "|" + changeDate + "|" + seq;
    }
}
