package io.executions.projections;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The queries: live ones from the in-memory models, history and point in time from the event store
 * (point in time folds the store into a fresh model and never touches the live one).
 */
final class StoreBackedQueries implements ExecutionQueries {
    private final ReadModels live;
    private final EventStore store;

    StoreBackedQueries(ReadModels live, EventStore store) {
        this.live = live;
        this.store = store;
    }

    @Override
    public Resolution resolve(InstanceId instance, ResolveQuery query) {
        return live.resolve(instance, query);
    }

    @Override
    public Resolution resolveAt(InstanceId instance, ResolveQuery query, Instant at) {
        return asOf(instance, at).resolve(instance, query);
    }

    @Override
    public ExecutionPage listExecutions(InstanceId instance, ExecutionListQuery query) {
        if (query.at() == null) {
            return live.listExecutions(instance, query);
        }
        ExecutionListQuery now = new ExecutionListQuery(query.filters(), query.offset(), query.limit(), query.asc(),
                query.sortingColumn(), null);
        return asOf(instance, query.at()).listExecutions(instance, now);
    }

    @Override
    public List<HistoryEntry> history(InstanceId instance, ExecutionId id) {
        List<HistoryEntry> changes = new ArrayList<>();
        List<Entry> before = List.of();
        DomainEventStream events = store.readEvents(AggregateIds.execution(instance, id), 0L);
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            Object payload = message.getPayload();
            if (payload instanceof ExecutionSet set && belongs(set.instance(), set.executionId(), instance, id)) {
                changes.add(new HistoryEntry(set.at(), set.actor(), HistoryEntry.Kind.SET, before, set.entries()));
                before = set.entries();
            } else if (payload instanceof ExecutionCleared cleared
                    && belongs(cleared.instance(), cleared.executionId(), instance, id)) {
                changes.add(new HistoryEntry(cleared.at(), cleared.actor(), HistoryEntry.Kind.CLEARED, before,
                        List.of()));
                before = List.of();
            }
        }
        return List.copyOf(changes);
    }

    private static boolean belongs(InstanceId eventInstance, ExecutionId eventId, InstanceId instance, ExecutionId id) {
        return eventInstance.equals(instance) && eventId.equals(id);
    }

    @Override
    public Optional<TargetView> target(InstanceId instance, TargetId id) {
        return live.target(instance, id);
    }

    @Override
    public TargetPage searchTargets(InstanceId instance, TargetSearch search) {
        return live.searchTargets(instance, search);
    }

    /** A fresh model of one instance holding the events that happened at or before {@code at}. */
    private ReadModels asOf(InstanceId instance, Instant at) {
        Objects.requireNonNull(at, "at");
        ReadModels past = new ReadModels(live.guard());
        past.foldStore(store, payload -> instance.equals(ReadModels.instanceOf(payload))
                && !ReadModels.timeOf(payload).isAfter(at), ReplayProgress.NONE);
        return past;
    }
}
