package io.executions.runtime;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Axon's in-memory engine with the events of each aggregate indexed by its identifier. The parent finds
 * an aggregate's events by filtering every stored event, so each aggregate load (every command) costs
 * O(events in the store); here it costs O(events of the aggregate).
 *
 * <p>Appends keep the parent's unit-of-work timing: inside a unit of work that has not reached
 * PREPARE_COMMIT, the events are stored and indexed together in its prepare-commit phase (so a unit of
 * work rolled back before it stores and indexes nothing); otherwise at once. Store and index are
 * updated under one lock, so a reader never sees an event in one and not in the other for longer than
 * that append takes; readers take no lock.
 */
final class IndexedInMemoryEventStorageEngine extends InMemoryEventStorageEngine {
    private final Map<String, AppendOnly> byAggregate = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.PREPARE_COMMIT)) {
            CurrentUnitOfWork.get().onPrepareCommit(uow -> storeAndIndex(events));
        } else {
            storeAndIndex(events);
        }
    }

    private void storeAndIndex(List<? extends EventMessage<?>> events) {
        synchronized (appendLock) {
            // called outside a unit of work or in its prepare-commit phase: the parent stores at once
            super.appendEvents(events);
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
                    byAggregate.computeIfAbsent(domain.getAggregateIdentifier(), id -> new AppendOnly())
                               .add(domain);
                }
            }
        }
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        AppendOnly log = byAggregate.get(aggregateIdentifier);
        if (log == null) {
            return DomainEventStream.empty();
        }
        List<DomainEventMessage<?>> out = new ArrayList<>();
        for (DomainEventMessage<?> event : log.snapshot()) {
            if (event.getSequenceNumber() >= firstSequenceNumber) {
                out.add(event);
            }
        }
        return DomainEventStream.of(out);
    }

    /**
     * One aggregate's events in append order. Single writer (under the append lock); readers see a
     * published (array, size) pair whose first {@code size} slots never change again.
     */
    private static final class AppendOnly {
        private record View(DomainEventMessage<?>[] events, int size) {
        }

        private volatile View view = new View(new DomainEventMessage<?>[2], 0);

        void add(DomainEventMessage<?> event) {
            View current = view;
            DomainEventMessage<?>[] events = current.events();
            if (current.size() == events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
            events[current.size()] = event;
            view = new View(events, current.size() + 1);
        }

        List<DomainEventMessage<?>> snapshot() {
            View current = view;
            return Arrays.asList(current.events()).subList(0, current.size());
        }
    }
}
