package io.executions.runtime;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionResult;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LegacyExecutionSetUpcasterTest {
    private static final Instant LEGACY_AT = Instant.parse("2024-05-06T07:08:09.123Z");

    @TempDir
    Path dir;

    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newMapper()).build();

    @Test
    void aLegacyPayloadBecomesTheCurrentListTargetsFirstThenIncludes() {
        IntermediateEventRepresentation legacy = legacyRepresentation(
                "{\"targets\":[\"T2\",\"T1\"],\"includes\":[\"request/a.b.S\",\"event/user.human.*\"]}",
                "{\"instance\":\"i1\",\"executionId\":\"function/preuserinfo\",\"actor\":\"u7\"}");

        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new LegacyExecutionSetUpcaster())
                .upcast(Stream.of(legacy)).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getName()).isEqualTo(ExecutionSet.class.getName());
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("1");
        Object event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event).isEqualTo(new ExecutionSet(I1, new ExecutionId("function/preuserinfo"),
                Condition.function("preuserinfo"),
                List.of(Entry.target("T2"), Entry.target("T1"), Entry.include(Condition.requestService("a.b.S")),
                        Entry.include(Condition.eventGroup("user.human"))), "u7", LEGACY_AT));
    }

    @Test
    void aLegacyPayloadWithBothListsEmptyBecomesAClearing() {
        IntermediateEventRepresentation legacy = legacyRepresentation("{\"targets\":[],\"includes\":[]}",
                "{\"instance\":\"i1\",\"executionId\":\"request\"}");

        IntermediateEventRepresentation upcast = new EventUpcasterChain(new LegacyExecutionSetUpcaster())
                .upcast(Stream.of(legacy)).toList().get(0);

        Object event = serializer.deserialize(upcast.getData());
        assertThat(event).isEqualTo(new ExecutionCleared(I1, new ExecutionId("request"), Condition.requestAll(), "",
                LEGACY_AT));
    }

    @Test
    void aLegacyRowInsertedBySqlIsSeenByTheAggregateAndTheCommandSideLookup() throws Exception {
        StorageConfig storage = StorageConfig.h2(dir.resolve("legacy"));
        try (Executions engine = Executions.builder().storage(storage).catalog(TestStores.CATALOG).build()) {
            engine.createTarget(target(I1, "T1", "one"));
            engine.createTarget(target(I1, "T2", "two"));
            engine.setExecution(set(I1, method(1), Entry.target("T1")));
        }
        try (Connection c = TestStores.connect(storage)) {
            insertLegacy(c, method(2).id(), "{\"targets\":[\"T1\",\"T2\"],\"includes\":[\"request/a.b.S/M1\"]}",
                    LEGACY_AT);
            insertLegacy(c, method(3).id(), "{\"targets\":[],\"includes\":[]}", LEGACY_AT.plusSeconds(1));
        }

        try (Executions engine = Executions.builder().storage(storage).catalog(TestStores.CATALOG).build()) {
            List<Object> events = EngineContract.allEvents(engine);
            SetExecutionResult resent = engine.setExecution(set(I1, method(2), Entry.target("T1"), Entry.target("T2"),
                    Entry.include(method(1))));
            SetExecutionResult clearedAgain = engine.setExecution(set(I1, method(3)));
            Rejection stillIncluded = catchThrowableOfType(Rejection.class, () -> engine.setExecution(set(I1, method(1))));
            Rejection cycle = catchThrowableOfType(Rejection.class,
                    () -> engine.setExecution(set(I1, method(1), Entry.include(method(2)))));

            assertThat(events).contains(new ExecutionSet(I1, method(2).id(), method(2),
                    List.of(Entry.target("T1"), Entry.target("T2"), Entry.include(method(1))), "", LEGACY_AT));
            assertThat(events).contains(new ExecutionCleared(I1, method(3).id(), method(3), "", LEGACY_AT.plusSeconds(1)));
            assertThat(resent).isEqualTo(new SetExecutionResult(LEGACY_AT, false));
            assertThat(clearedAgain).isEqualTo(new SetExecutionResult(LEGACY_AT.plusSeconds(1), false));
            assertThat(stillIncluded.messageKey()).isEqualTo(MessageKeys.STILL_INCLUDED);
            assertThat(cycle.messageKey()).isEqualTo(MessageKeys.CIRCULAR_INCLUDE);
        }
    }

    private static void insertLegacy(Connection c, ExecutionId id, String payload, Instant at) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO domainevententry (aggregateidentifier, "
                + "sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) "
                + "VALUES (?, 0, 'Execution', ?, ?, ?, NULL, 'execution.set', ?)")) {
            ps.setString(1, AggregateIds.execution(I1, id));
            ps.setString(2, UUID.randomUUID().toString());
            ps.setBytes(3, ("{\"instance\":\"i1\",\"executionId\":\"" + id.value() + "\"}").getBytes(StandardCharsets.UTF_8));
            ps.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
            ps.setString(5, DateTimeUtils.formatInstant(at));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private IntermediateEventRepresentation legacyRepresentation(String payload, String metaData) {
        var entry = new GenericDomainEventEntry<>("Execution", AggregateIds.execution(I1, new ExecutionId("request")), 0,
                UUID.randomUUID().toString(), LEGACY_AT, "execution.set", null,
                payload.getBytes(StandardCharsets.UTF_8), metaData.getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, serializer);
    }

}
