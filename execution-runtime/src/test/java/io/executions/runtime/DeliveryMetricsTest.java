package io.executions.runtime;

import io.executions.projections.DeliverySearch;
import io.executions.domain.api.HostEvent;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.Entry;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.executions.runtime.Commands.I1;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery meters on the host's registry: pending, dead, in flight, attempts and latency per target. */
class DeliveryMetricsTest {
    @Test
    void attemptsLatencyPendingAndDeadAreMeasuredPerTarget() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Receiver receiver = new Receiver();
             Executions e = Executions.builder().storage(StorageConfig.memory()).catalog(DeliveryContract.CATALOG)
                     .meterRegistry(registry)
                     .delivery(DeliveryContract.fast().maxAttempts(2).build()).build()) {
            receiver.behaviour = r -> r.body().contains("\"fail\"") ? 500 : 200;
            e.createTarget(new CreateTarget(I1, TargetId.of("T1"), "t1", TargetType.REST_WEBHOOK, false,
                    receiver.url("/1"), Duration.ofSeconds(2), "u1"));
            e.setExecution(new SetExecution(I1, Condition.eventAll(), List.of(Entry.target("T1")), "u1"));

            e.deliveries().publish(I1, HostEvent.of("org.added", "{\"x\":\"ok\"}"), "u1");
            e.deliveries().publish(I1, HostEvent.of("org.added", "{\"x\":\"fail\"}"), "u1");
            DeliveryContract.await(() -> e.deliveries().search(I1, new DeliverySearch(
                    List.of(new DeliverySearch.ByStatus(DeliveryStatus.PENDING)), 0, 0, true)).totalResult() == 0,
                    Duration.ofSeconds(10));

            assertThat(registry.get("executions.delivery.attempts").tags("target", "T1", "outcome", "OK")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get("executions.delivery.attempts").tags("target", "T1", "outcome", "FAILED")
                    .counter().count()).isEqualTo(2);
            assertThat(registry.get("executions.delivery.latency").tags("instance", "i1", "target", "T1")
                    .timer().count()).isEqualTo(3);
            assertThat(registry.get("executions.deliveries.pending").gauge().value()).isZero();
            assertThat(registry.get("executions.deliveries.dead").gauge().value()).isEqualTo(1);
            assertThat(registry.get("executions.deliveries.inflight").gauge().value()).isZero();
        }
    }
}
