package io.executions.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.domain.api.DeliveryAttempted;
import io.executions.domain.api.DeliveryDead;
import io.executions.domain.api.DeliveryEvent;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryRetried;
import io.executions.domain.api.DeliveryScheduled;
import io.executions.domain.api.DeliverySucceeded;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored JSON of the delivery events is pinned: auditors replay it years later. */
class DeliveryEventJsonTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final DeliveryId D = DeliveryId.of("0b1c2d3e-0000-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-30T03:00:00.123Z");
    private final ObjectMapper mapper = EventJson.newMapper();

    @Test
    void deliveryScheduledHasTheGoldenFormat() throws Exception {
        String json = mapper.writeValueAsString(new DeliveryScheduled(I1, D, TargetId.of("T1"), "user.human.added",
                ExecutionId.parse("event/user.human.*"), "{\"event_type\":\"user.human.added\"}", "u1", AT));

        assertThat(json).isEqualTo("{\"instance\":\"i1\",\"deliveryId\":\"0b1c2d3e-0000-4000-8000-000000000001\","
                + "\"targetId\":\"T1\",\"eventType\":\"user.human.added\",\"executionId\":\"event/user.human.*\","
                + "\"body\":\"{\\\"event_type\\\":\\\"user.human.added\\\"}\",\"actor\":\"u1\","
                + "\"at\":\"2026-11-30T03:00:00.123Z\"}");
    }

    @Test
    void deliveryAttemptedHasTheGoldenFormat() throws Exception {
        String json = mapper.writeValueAsString(new DeliveryAttempted(I1, D, 2, "FAILED", 503, 41, "HTTP 503",
                Instant.parse("2026-11-30T03:00:20Z"), "delivery-worker@n1", AT));

        assertThat(json).isEqualTo("{\"instance\":\"i1\",\"deliveryId\":\"0b1c2d3e-0000-4000-8000-000000000001\","
                + "\"attempt\":2,\"outcome\":\"FAILED\",\"httpStatus\":503,\"durationMs\":41,\"error\":\"HTTP 503\","
                + "\"nextAttempt\":\"2026-11-30T03:00:20Z\",\"actor\":\"delivery-worker@n1\","
                + "\"at\":\"2026-11-30T03:00:00.123Z\"}");
    }

    @Test
    void theEndingAndRetryEventsHaveTheGoldenFormat() throws Exception {
        assertThat(mapper.writeValueAsString(new DeliverySucceeded(I1, D, 3, "w", AT))).isEqualTo(
                "{\"instance\":\"i1\",\"deliveryId\":\"0b1c2d3e-0000-4000-8000-000000000001\",\"attempts\":3,"
                        + "\"actor\":\"w\",\"at\":\"2026-11-30T03:00:00.123Z\"}");
        assertThat(mapper.writeValueAsString(new DeliveryDead(I1, D, 10, "TIMEOUT", "w", AT))).isEqualTo(
                "{\"instance\":\"i1\",\"deliveryId\":\"0b1c2d3e-0000-4000-8000-000000000001\",\"attempts\":10,"
                        + "\"lastError\":\"TIMEOUT\",\"actor\":\"w\",\"at\":\"2026-11-30T03:00:00.123Z\"}");
        assertThat(mapper.writeValueAsString(new DeliveryRetried(I1, D, "admin", AT))).isEqualTo(
                "{\"instance\":\"i1\",\"deliveryId\":\"0b1c2d3e-0000-4000-8000-000000000001\",\"actor\":\"admin\","
                        + "\"at\":\"2026-11-30T03:00:00.123Z\"}");
    }

    @Test
    void everyDeliveryEventReadsBackEqualAndCarriesRevisionOne() throws Exception {
        List<DeliveryEvent> events = List.of(
                new DeliveryScheduled(I1, D, TargetId.of("T1"), "a.b", ExecutionId.parse("event"), "{}", "u1", AT),
                new DeliveryAttempted(I1, D, 1, "OK", 200, 5, "", null, "w", AT),
                new DeliverySucceeded(I1, D, 1, "w", AT), new DeliveryDead(I1, D, 1, "x", "w", AT),
                new DeliveryRetried(I1, D, "admin", AT));
        for (DeliveryEvent event : events) {
            assertThat(mapper.readValue(mapper.writeValueAsString(event), event.getClass())).isEqualTo(event);
            assertThat(event.getClass().getAnnotation(Revision.class).value()).isEqualTo("1");
        }
    }
}
