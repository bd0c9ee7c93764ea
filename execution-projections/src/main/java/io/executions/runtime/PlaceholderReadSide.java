package io.executions.runtime;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ExecutionPage;
import io.executions.projections.ExecutionQueries;
import io.executions.projections.HistoryEntry;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadSide;
import io.executions.projections.ReplayProgress;
import io.executions.projections.ReplayReport;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.TargetPage;
import io.executions.projections.TargetSearch;
import io.executions.projections.TargetView;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * TO BE REPLACED AT MERGE: the read models ({@code io.executions.projections.ReadModels}) are written on
 * another branch; the lead switches the builder's default read side to {@code ReadModels::new} and
 * deletes this class. It consumes the events (so the processors are exercised) and answers no query.
 */
final class PlaceholderReadSide implements ReadSide {
    private static final String MISSING = "the read models are not wired in yet (placeholder read side)";

    PlaceholderReadSide(LockOutGuard guard) {
    }

    /** Consumes every event and keeps nothing. */
    static final class Sink {
        @EventHandler
        void on(Object event) {
            // placeholder: the real read models fold the events here
        }
    }

    private final Sink live = new Sink();
    private final Sink tracking = new Sink();

    @Override
    public Object liveProjector() {
        return live;
    }

    @Override
    public Object trackingProjector() {
        return tracking;
    }

    @Override
    public ExecutionQueries queries(EventStore store) {
        return new ExecutionQueries() {
            @Override
            public Resolution resolve(InstanceId instance, ResolveQuery query) {
                throw new UnsupportedOperationException(MISSING);
            }

            @Override
            public Resolution resolveAt(InstanceId instance, ResolveQuery query, Instant at) {
                throw new UnsupportedOperationException(MISSING);
            }

            @Override
            public ExecutionPage listExecutions(InstanceId instance, ExecutionListQuery query) {
                throw new UnsupportedOperationException(MISSING);
            }

            @Override
            public List<HistoryEntry> history(InstanceId instance, ExecutionId id) {
                throw new UnsupportedOperationException(MISSING);
            }

            @Override
            public Optional<TargetView> target(InstanceId instance, TargetId id) {
                throw new UnsupportedOperationException(MISSING);
            }

            @Override
            public TargetPage searchTargets(InstanceId instance, TargetSearch search) {
                throw new UnsupportedOperationException(MISSING);
            }
        };
    }

    @Override
    public ReplayReport verifyAgainstReplay(EventStore store, ReplayProgress progress) {
        throw new UnsupportedOperationException(MISSING);
    }
}
