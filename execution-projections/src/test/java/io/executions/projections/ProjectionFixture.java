package io.executions.projections;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Given events, when a query, then an answer. Turns payloads into domain event messages with the right
 * aggregate identifier and increasing sequence numbers, delivers them through the annotated projectors,
 * and keeps them in a real Axon event store (in memory) for history, point in time and replay.
 */
final class ProjectionFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    final ReadModels models;
    final AnnotationEventHandlerAdapter live;
    final AnnotationEventHandlerAdapter tracking;
    final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final Map<String, Long> sequences = new HashMap<>();
    private final List<DomainEventMessage<?>> history = new ArrayList<>();
    private Instant clock = START;

    ProjectionFixture() {
        this(LockOutGuard.DEFAULT);
    }

    ProjectionFixture(LockOutGuard guard) {
        models = new ReadModels(guard);
        live = new AnnotationEventHandlerAdapter(models.liveProjector());
        tracking = new AnnotationEventHandlerAdapter(models.trackingProjector());
    }

    /** Records the events (store and history) and delivers each through the tracking projector. */
    ProjectionFixture given(Object... events) {
        for (Object event : events) {
            deliver(tracking, record(event));
        }
        return this;
    }

    /** Turns a payload into the next domain event message of its aggregate and stores it. */
    DomainEventMessage<?> record(Object event) {
        DomainEventMessage<?> message = message(event);
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(message));
        history.add(message);
        return message;
    }

    /** A message for the payload (stamped with the next clock tick when it has no time) without storing it. */
    DomainEventMessage<?> message(Object event) {
        Object stamped = ReadModels.timeOf(event) == null ? EventDsl.at(tick(), event) : event;
        String aggregate = aggregateOf(stamped);
        long sequence = sequences.merge(aggregate, 0L, (previous, zero) -> previous + 1);
        return new GenericDomainEventMessage<>(stamped instanceof ExecutionSet || stamped instanceof ExecutionCleared
                ? "Execution" : "Target", aggregate, sequence, stamped, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), ReadModels.timeOf(stamped));
    }

    static void deliver(AnnotationEventHandlerAdapter projector, EventMessage<?> message) {
        try {
            projector.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException("projector failed on " + message.getPayload(), e);
        }
    }

    /** Advances the clock and answers the new time: every event happens one minute after the previous. */
    Instant tick() {
        clock = clock.plus(Duration.ofMinutes(1));
        return clock;
    }

    /** The time of the last stamped event. */
    Instant now() {
        return clock;
    }

    List<DomainEventMessage<?>> history() {
        return history;
    }

    ExecutionQueries queries() {
        return models.queries(store);
    }

    Resolution resolve(InstanceId instance, ResolveQuery query) {
        return models.resolve(instance, query);
    }

    static String aggregateOf(Object event) {
        if (event instanceof ExecutionSet e) {
            return AggregateIds.execution(e.instance(), e.executionId());
        } else if (event instanceof ExecutionCleared e) {
            return AggregateIds.execution(e.instance(), e.executionId());
        } else if (event instanceof TargetAdded e) {
            return AggregateIds.target(e.instance(), e.targetId());
        } else if (event instanceof TargetChanged e) {
            return AggregateIds.target(e.instance(), e.targetId());
        } else if (event instanceof TargetRemoved e) {
            return AggregateIds.target(e.instance(), e.targetId());
        }
        throw new IllegalArgumentException("not an event of the read models: " + event);
    }

    /** Resolution rendered as "target via [path]" lines, which reads like the contract. */
    static List<String> lines(Resolution resolution) {
        return resolution.targets().stream()
                .map(t -> t.id().value() + " via " + t.via().stream().map(ExecutionId::value).toList())
                .toList();
    }

    static List<String> ids(Resolution resolution) {
        return resolution.targets().stream().map(t -> t.id().value()).toList();
    }

    static TargetId tid(String id) {
        return TargetId.of(id);
    }

    static ExecutionId eid(String id) {
        return ExecutionId.parse(id);
    }

    @Override
    public void close() {
        // A failed test may leave its unit of work bound to the thread, which would nest the next test in it.
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        store.shutDown();
    }
}
