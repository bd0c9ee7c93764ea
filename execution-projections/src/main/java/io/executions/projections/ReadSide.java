package io.executions.projections;

import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * What the runtime needs of the read side. The same in-memory model is fed twice: by
 * {@link #liveProjector()} in a subscribing processor (so a write is visible to resolution in the same
 * process as soon as its command returns) and by {@link #trackingProjector()} in a streaming processor
 * (so writes of other processes sharing the store arrive too). Both apply each event at most once, keyed
 * by aggregate identifier and sequence number.
 */
public interface ReadSide {
    /** An annotated event handler in processing group {@code read-models-live}. */
    Object liveProjector();

    /** An annotated event handler in processing group {@code read-models-tracking}. */
    Object trackingProjector();

    /** The queries, reading live models and, for history and point in time, the event store. */
    ExecutionQueries queries(EventStore store);

    /** docs/safe-change.md: plan, diff, revert lists and lint over the live models. */
    default SafeChange safeChange(EventStore store, io.executions.domain.api.Catalog catalog,
                                  io.executions.domain.api.ExecutionLimits limits, java.time.Clock clock) {
        throw new UnsupportedOperationException("this read side does not support safe change");
    }

    /** Rebuilds every read model from the store into fresh ones and compares them with the live ones. */
    ReplayReport verifyAgainstReplay(EventStore store, ReplayProgress progress);
}
