package io.executions.runtime;

import io.executions.domain.api.ExecutionsEvent;
import io.executions.domain.api.InstanceId;
import io.executions.domain.command.CommandSideLookupProjector;
import io.executions.domain.command.InstanceLock;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.SourceId;

import java.util.List;

/**
 * Runs beside {@code CommandSideLookupProjector} in the group {@code command-side-lookup}: records, in
 * the same transaction, up to which sequence number each aggregate's events are in the lookup (the
 * execution and target aggregates only: delivery events never touch the lookup). At start,
 * {@link #catchUp} folds the aggregates whose stored events are newer (rows imported by SQL) through the
 * same projector, each under its instance lock.
 */
final class LookupPositionRecorder {
    private final JdbcCommandSideLookup lookup;

    LookupPositionRecorder(JdbcCommandSideLookup lookup) {
        this.lookup = lookup;
    }

    @EventHandler
    void on(ExecutionsEvent event, @SourceId String aggregateId, @SequenceNumber Long sequenceNumber) {
        lookup.applied(aggregateId, sequenceNumber, instanceOf(event));
    }

    /** Brings the lookup up to date with the store; returns how many aggregates were folded. */
    int catchUp(EventStore store, JdbcTransactionManager transactions, InstanceLock lock) {
        long head = transactions.fetchInTransaction(lookup::headIndex);
        List<String> stale = transactions.fetchInTransaction(() -> lookup.staleAggregates(lookup.checkedUpTo()));
        var projector = new AnnotationEventHandlerAdapter(new CommandSideLookupProjector(lookup));
        var recorder = new AnnotationEventHandlerAdapter(this);
        for (String aggregateId : stale) {
            transactions.executeInTransaction(() -> {
                DomainEventStream events = store.readEvents(aggregateId, 0L);
                boolean locked = false;
                while (events.hasNext()) {
                    DomainEventMessage<?> event = events.next();
                    if (!locked) {
                        InstanceId instance = instanceOf(event.getPayload());
                        if (instance != null) {
                            lock.acquire(instance);
                        }
                        locked = true;
                    }
                    try {
                        projector.handle(event);
                        recorder.handle(event);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not fold event " + event.getIdentifier()
                                + " of " + aggregateId + " into the command-side lookup", e);
                    }
                }
            });
        }
        // In-flight writes below the head are engines' writes, folded in their own transactions.
        transactions.executeInTransaction(() -> lookup.checked(head));
        return stale.size();
    }

    private static InstanceId instanceOf(Object payload) {
        return payload instanceof ExecutionsEvent event ? event.instance() : null;
    }
}
