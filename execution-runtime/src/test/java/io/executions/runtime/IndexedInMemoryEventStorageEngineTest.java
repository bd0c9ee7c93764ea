package io.executions.runtime;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class IndexedInMemoryEventStorageEngineTest {
    private final IndexedInMemoryEventStorageEngine engine = new IndexedInMemoryEventStorageEngine();

    @Test
    void readsOneAggregatesEventsInAppendOrderWithTheirSequenceNumbers() {
        engine.appendEvents(event("a", 0, "a0"), event("b", 0, "b0"), event("a", 1, "a1"));
        engine.appendEvents(event("a", 2, "a2"));

        assertThat(payloads(engine, "a", 0)).containsExactly("a0", "a1", "a2");
        assertThat(sequenceNumbers(engine, "a", 0)).containsExactly(0L, 1L, 2L);
        assertThat(payloads(engine, "b", 0)).containsExactly("b0");
        assertThat(engine.readEvents("a", 0).asStream().count()).isEqualTo(3);
    }

    @Test
    void readsFromTheGivenSequenceNumberAndReportsTheLastOne() {
        engine.appendEvents(event("a", 0, "a0"), event("a", 1, "a1"), event("a", 2, "a2"));

        var stream = engine.readEvents("a", 1);

        assertThat(stream.asStream().map(e -> (String) e.getPayload())).containsExactly("a1", "a2");
        assertThat(stream.getLastSequenceNumber()).isEqualTo(2L);
        assertThat(engine.lastSequenceNumberFor("a")).contains(2L);
    }

    @Test
    void anUnknownAggregateHasNoEvents() {
        engine.appendEvents(event("a", 0, "a0"));

        assertThat(engine.readEvents("x", 0).hasNext()).isFalse();
        assertThat(engine.lastSequenceNumberFor("x")).isEmpty();
    }

    @Test
    void aRolledBackUnitOfWorkStoresAndIndexesNothing() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("command"));
        engine.appendEvents(event("a", 0, "a0"));
        // not visible before the commit, like the parent
        assertThat(engine.readEvents("a", 0).hasNext()).isFalse();
        uow.rollback();

        assertThat(engine.readEvents("a", 0).hasNext()).isFalse();
        assertThat(trackedPayloads(engine)).isEmpty();
    }

    @Test
    void aCommittedUnitOfWorkStoresAndIndexesItsEventsAtCommit() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("command"));
        engine.appendEvents(event("a", 0, "a0"));
        engine.appendEvents(event("a", 1, "a1"));
        uow.commit();

        assertThat(payloads(engine, "a", 0)).containsExactly("a0", "a1");
        assertThat(trackedPayloads(engine)).containsExactly("a0", "a1");
    }

    @Test
    void eventsWithoutAnAggregateAreStoredButNotIndexed() {
        engine.appendEvents(GenericEventMessage.asEventMessage("loose"), event("a", 0, "a0"));

        assertThat(trackedPayloads(engine)).containsExactly("loose", "a0");
        assertThat(payloads(engine, "a", 0)).containsExactly("a0");
    }

    /** Whatever is appended, every aggregate reads exactly as from Axon's own (scanning) engine. */
    @Property(tries = 200)
    void answersLikeTheScanningEngine(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5) Integer> owners,
                                      @ForAll @IntRange(min = 1, max = 4) int batch,
                                      @ForAll @IntRange(min = 0, max = 4) int from) {
        IndexedInMemoryEventStorageEngine indexed = new IndexedInMemoryEventStorageEngine();
        InMemoryEventStorageEngine scanning = new InMemoryEventStorageEngine();
        Map<String, Long> next = new HashMap<>();
        List<DomainEventMessage<?>> pending = new ArrayList<>();
        for (int owner : owners) {
            String id = "agg-" + owner;
            long seq = next.merge(id, 1L, Long::sum) - 1;
            pending.add(event(id, seq, id + "#" + seq));
            if (pending.size() == batch) {
                indexed.appendEvents(pending);
                scanning.appendEvents(pending);
                pending = new ArrayList<>();
            }
        }
        indexed.appendEvents(pending);
        scanning.appendEvents(pending);

        for (int owner = 0; owner <= 6; owner++) {
            String id = "agg-" + owner;
            assertThat(payloads(indexed, id, from)).isEqualTo(payloads(scanning, id, from));
            assertThat(indexed.readEvents(id, from).asStream().count()).isEqualTo(
                    scanning.readEvents(id, from).asStream().count());
            assertThat(indexed.lastSequenceNumberFor(id)).isEqualTo(scanning.lastSequenceNumberFor(id));
        }
        assertThat(trackedPayloads(indexed)).isEqualTo(trackedPayloads(scanning));
    }

    private static DomainEventMessage<?> event(String aggregate, long seq, String payload) {
        return new GenericDomainEventMessage<>("Test", aggregate, seq, payload);
    }

    private static List<String> payloads(EventStorageEngine engine, String aggregate, long from) {
        return engine.readEvents(aggregate, from).asStream().map(e -> (String) e.getPayload()).toList();
    }

    private static List<Long> sequenceNumbers(EventStorageEngine engine, String aggregate, long from) {
        return engine.readEvents(aggregate, from).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }

    private static List<String> trackedPayloads(EventStorageEngine engine) {
        try (var events = engine.readEvents(null, false)) {
            return events.map(TrackedEventMessage::getPayload).map(String.class::cast).collect(Collectors.toList());
        }
    }
}
