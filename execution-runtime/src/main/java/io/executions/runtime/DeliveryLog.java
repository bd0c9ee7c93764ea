package io.executions.runtime;

import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryPage;

import io.executions.domain.api.DeliveryAttempted;
import io.executions.domain.api.DeliveryDead;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryRetried;
import io.executions.domain.api.DeliveryScheduled;
import io.executions.domain.api.DeliverySucceeded;
import io.executions.domain.api.InstanceId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The delivery log and the delivery queue in one: a read model of the delivery events, written by
 * {@link DeliveryLogProjector} in the transaction that appends them (so it is exactly as durable as the
 * events and can always be rebuilt from them), and claimed from by the workers. Every write applies an
 * event at most once (by its sequence number), so a replay over a live log changes nothing.
 */
interface DeliveryLog {
    void scheduled(DeliveryScheduled event, long seq);

    void attempted(DeliveryAttempted event, long seq);

    void succeeded(DeliverySucceeded event, long seq);

    void dead(DeliveryDead event, long seq);

    void retried(DeliveryRetried event, long seq);

    Optional<DeliveryRow> find(DeliveryId id);

    /** The row, locked until the end of the current transaction (the caller is in one). */
    Optional<DeliveryRow> lockForUpdate(DeliveryId id);

    DeliveryPage search(InstanceId instance, DeliverySearch search);

    /** Every row in the log's order (creation time, then id), for comparisons. */
    List<DeliveryRow> all();

    /**
     * Claims up to {@code max} pending deliveries due at {@code now} that no live claim holds, for
     * {@code node} until {@code until}. Two claimers never get the same row while a claim is live.
     */
    List<DeliveryRow> claim(String node, Instant now, Instant until, int max);

    /** Moves the end of {@code node}'s claim on one delivery to {@code until} (to hold it back briefly). */
    int holdClaim(String node, DeliveryId id, Instant until);

    /** Drops {@code node}'s claim on one delivery, or on all of them when {@code id} is null. */
    int release(String node, DeliveryId id);

    /** Counts for the metrics: pending, dead, and pending with a live claim. */
    long countPending();

    long countDead();

    long countClaimed(Instant now);

    /** Empties the log (before a rebuild). */
    void clear();
}
