package io.executions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import io.executions.domain.api.TargetType;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final TargetDefinition DEFINITION = new TargetDefinition("hook", TargetType.REST_WEBHOOK, true,
            "https://example.com/hook", Duration.ofSeconds(10), "c2lnbmluZw");

    private final ObjectMapper mapper = EventJson.newMapper();
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newMapper()).build();

    @Test
    void executionSetHasTheGoldenFormatThatAuditorsRead() throws JsonProcessingException {
        Condition condition = Condition.requestMethod("/a.b.S/M");
        ExecutionSet event = new ExecutionSet(I1, condition.id(), condition,
                List.of(Entry.target("T1"), Entry.include(Condition.requestService("a.b.S"))), "u1", AT);

        String json = mapper.writeValueAsString(event);

        assertThat(json).isEqualTo("{\"instance\":\"i1\",\"executionId\":\"request/a.b.S/M\","
                + "\"condition\":{\"request\":{\"method\":\"/a.b.S/M\"}},"
                + "\"entries\":[{\"target\":\"T1\"},{\"include\":\"request/a.b.S\"}],"
                + "\"actor\":\"u1\",\"at\":\"2026-03-01T10:15:30.123Z\"}");
    }

    @Test
    void targetAddedWritesTypeByItsJsonNameAndDurationsAsIsoStrings() throws JsonProcessingException {
        String json = mapper.writeValueAsString(new TargetAdded(I1, TargetId.of("T1"), DEFINITION, "u1", AT));

        assertThat(json).isEqualTo("{\"instance\":\"i1\",\"targetId\":\"T1\",\"definition\":{\"name\":\"hook\","
                + "\"type\":\"restWebhook\",\"interruptOnError\":true,\"endpoint\":\"https://example.com/hook\","
                + "\"timeout\":\"PT10S\",\"signingKey\":\"c2lnbmluZw\"},\"actor\":\"u1\","
                + "\"at\":\"2026-03-01T10:15:30.123Z\"}");
    }

    @Test
    void everyConditionKindIsWrittenAsInTheApi() throws JsonProcessingException {
        assertThat(mapper.writeValueAsString(Condition.requestAll())).isEqualTo("{\"request\":{\"all\":true}}");
        assertThat(mapper.writeValueAsString(Condition.responseService("a.b.S")))
                .isEqualTo("{\"response\":{\"service\":\"a.b.S\"}}");
        assertThat(mapper.writeValueAsString(Condition.function("x"))).isEqualTo("{\"function\":{\"name\":\"x\"}}");
        assertThat(mapper.writeValueAsString(Condition.eventGroup("user.human")))
                .isEqualTo("{\"event\":{\"group\":\"user.human\"}}");
        assertThat(mapper.writeValueAsString(Condition.event("user.human.added")))
                .isEqualTo("{\"event\":{\"event\":\"user.human.added\"}}");
        assertThat(mapper.writeValueAsString(Condition.eventAll())).isEqualTo("{\"event\":{\"all\":true}}");
    }

    @Test
    void everyConditionKindReadsBack() throws JsonProcessingException {
        for (Condition condition : List.of(Condition.requestMethod("/a.b.S/M"), Condition.requestService("a.b.S"),
                Condition.requestAll(), Condition.responseMethod("/a.b.S/M"), Condition.responseService("a.b.S"),
                Condition.responseAll(), Condition.function("preuserinfo"), Condition.event("user.human.added"),
                Condition.eventGroup("user.human"), Condition.eventAll())) {
            assertThat(mapper.readValue(mapper.writeValueAsString(condition), Condition.class)).isEqualTo(condition);
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughAxonsSerializer() {
        Condition condition = Condition.eventGroup("user.human");
        List<Object> events = List.of(
                new ExecutionSet(I1, condition.id(), condition,
                        List.of(Entry.target("T1"), Entry.include(Condition.function("f"))), "u1", AT),
                new ExecutionCleared(I1, condition.id(), condition, "", AT),
                new TargetAdded(I1, TargetId.of("T1"), DEFINITION, "u1", AT),
                new TargetChanged(I1, TargetId.of("T1"), DEFINITION.withName("renamed"), true, "u2", AT),
                new TargetRemoved(I1, TargetId.of("T1"), "renamed", "u3", AT));

        for (Object event : events) {
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            Object back = serializer.deserialize(stored);
            assertThat(back).isEqualTo(event);
            assertThat(stored.getType().getRevision()).isEqualTo("1");
        }
    }

    @Test
    void aMalformedEntryIsRefusedOnRead() {
        assertThatThrownBy(() -> mapper.readValue("{\"target\":\"T1\",\"include\":\"request\"}", Entry.class))
                .hasMessageContaining("an entry is");
        assertThatThrownBy(() -> mapper.readValue("{\"include\":\"nonsense\"}", Entry.class))
                .hasMessageContaining("not an execution id");
    }

    @Test
    void aMalformedConditionIsRefusedOnRead() {
        assertThatThrownBy(() -> mapper.readValue("{\"request\":{\"all\":false}}", Condition.class))
                .hasMessageContaining("not a condition");
        assertThatThrownBy(() -> mapper.readValue("{\"request\":{\"name\":\"x\"}}", Condition.class))
                .hasMessageContaining("not a condition");
    }
}
