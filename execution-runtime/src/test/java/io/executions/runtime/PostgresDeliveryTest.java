package io.executions.runtime;

import io.executions.projections.DeliverySearch;
import io.executions.domain.api.HostEvent;

import io.executions.domain.api.Condition;
import io.executions.domain.api.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static io.executions.runtime.Commands.I1;
import static org.assertj.core.api.Assertions.assertThat;

/** The delivery contract on PostgreSQL, plus what only a shared database can show; skipped without one. */
class PostgresDeliveryTest extends DeliveryContract {
    private StorageConfig storage;

    @Override
    StorageConfig storage() {
        if (storage == null) {
            storage = TestStores.freshPostgresSchema();
        }
        return storage;
    }

    @Test
    void aRolledBackHostTransactionDeliversNothingAndACommittedOneDelivers() throws Exception {
        Executions e = start(fast().build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");
        try (Connection host = TestStores.connect(storage())) {
            try (Statement st = host.createStatement()) {
                st.execute("CREATE TABLE host_users (id VARCHAR PRIMARY KEY)");
            }
            host.setAutoCommit(false);
            try (Statement st = host.createStatement()) {
                st.execute("INSERT INTO host_users VALUES ('rolled-back')");
            }
            assertThat(e.deliveries().publish(host, I1,
                    HostEvent.of("user.human.added", "{\"id\":\"rolled-back\"}"), "u1")).isEqualTo(1);
            host.rollback();

            try (Statement st = host.createStatement()) {
                st.execute("INSERT INTO host_users VALUES ('committed')");
            }
            e.deliveries().publish(host, I1, HostEvent.of("user.human.added", "{\"id\":\"committed\"}"), "u1");
            host.commit();
        }

        await(() -> log(e, I1, new io.executions.projections.DeliverySearch.ByStatus(DeliveryStatus.SUCCEEDED))
                .totalResult() == 1, Duration.ofSeconds(10));
        Thread.sleep(300);
        assertThat(log(e, I1).totalResult()).isEqualTo(1);
        assertThat(receiver.requests).hasSize(1);
        assertThat(receiver.requests.get(0).body()).contains("\"event_payload\":{\"id\":\"committed\"}");
        assertThat(e.deliveries().verifyReplay()).isEmpty();
    }

    @Test
    void twoEnginesOnOneDatabaseNeverAttemptOneDeliveryAtTheSameTimeAndDeliverAll() throws Exception {
        // every answer takes a while, so overlapping attempts would be seen if claims were shared
        Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        receiver.behaviour = r -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            // a third of the deliveries fail their first attempt, none twice: at most 10 attempts, a delivery
            // failing every one of them (0.3^10 each, 1 run in 300 for 600) went dead and the count was 599
            return Math.random() < 0.3 && failedOnce.add(r.deliveryId()) ? 500 : 200;
        };
        Executions a = start(fast().concurrency(8).build());
        target(a, I1, "T1", "/1");
        target(a, I1, "T2", "/2");
        execution(a, I1, Condition.eventAll(), "T1", "T2");
        int published = 0;
        try (Executions b = Executions.builder().storage(storage()).catalog(CATALOG)
                .delivery(fast().concurrency(8).build()).build()) {
            for (int i = 0; i < 300; i++) {
                published += (int) (i % 2 == 0 ? a : b).deliveries().publish(I1, HostEvent.of("org.added"), "u1");
            }
            await(() -> log(a, I1, new DeliverySearch.ByStatus(DeliveryStatus.PENDING)).totalResult() == 0,
                    Duration.ofSeconds(60));
        }

        assertThat(published).isEqualTo(600);
        assertThat(log(a, I1, new DeliverySearch.ByStatus(DeliveryStatus.SUCCEEDED)).totalResult()).isEqualTo(600);
        assertThat(receiver.overlaps.get()).isZero();
        assertThat(failedOnce).as("some deliveries were retried").isNotEmpty();
        Set<String> delivered = new HashSet<>();
        receiver.requests.forEach(r -> delivered.add(r.deliveryId()));
        assertThat(delivered).hasSize(600);
    }
}
