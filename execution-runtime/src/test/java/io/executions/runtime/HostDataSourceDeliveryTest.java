package io.executions.runtime;

import io.executions.domain.api.Condition;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.HostEvent;
import io.executions.projections.DeliverySearch;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static io.executions.runtime.Commands.I1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store on a host's own pool ({@code StorageConfig.dataSource}), here an in-memory H2 in PostgreSQL mode: the
 * same JDBC store as H2's (whose delivery contract H2DeliveryTest runs), so only what the host's pool changes is
 * checked here: the transactional outbox through a connection of that pool, the pool left open, the mode check.
 */
class HostDataSourceDeliveryTest {
    private JdbcDataSource pool;
    private Receiver receiver;
    private Executions engine;

    @org.junit.jupiter.api.BeforeEach
    void startReceiver() throws Exception {
        receiver = new Receiver();
    }

    private Executions start(DeliveryConfig config) {
        engine = Executions.builder().storage(storage()).catalog(DeliveryContract.CATALOG).delivery(config).build();
        return engine;
    }

    private void target(Executions e, io.executions.domain.api.InstanceId instance, String id, String path) {
        e.createTarget(new io.executions.domain.api.CreateTarget(instance, io.executions.domain.api.TargetId.of(id),
                "hook " + id, io.executions.domain.api.TargetType.REST_WEBHOOK, false, receiver.url(path),
                Duration.ofSeconds(2), "u1"));
    }

    private static DeliveryConfig.Builder fast() {
        return DeliveryContract.fast();
    }

    private static void execution(Executions e, io.executions.domain.api.InstanceId instance, Condition condition,
                                  String... targets) {
        DeliveryContract.execution(e, instance, condition, targets);
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        DeliveryContract.await(condition, timeout);
    }

    private static io.executions.projections.DeliveryPage log(Executions e, io.executions.domain.api.InstanceId instance,
                                                              DeliverySearch.Filter... filters) {
        return e.deliveries().search(instance, new DeliverySearch(java.util.List.of(filters), 0, 0, true));
    }
    /** Keeps the in-memory database alive between the pool's connections. */
    private Connection keepAlive;

    private StorageConfig storage() {
        if (pool == null) {
            pool = new JdbcDataSource();
            pool.setURL("jdbc:h2:mem:host-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            try {
                keepAlive = pool.getConnection();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return StorageConfig.dataSource(pool);
    }

    @Test
    void aRolledBackHostTransactionDeliversNothingAndACommittedOneDelivers() throws Exception {
        Executions e = start(fast().build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");
        try (Connection host = pool.getConnection()) {
            try (Statement st = host.createStatement()) {
                st.execute("CREATE TABLE host_users (id VARCHAR PRIMARY KEY)");
            }
            host.setAutoCommit(false);
            try (Statement st = host.createStatement()) {
                st.execute("INSERT INTO host_users VALUES ('rolled-back')");
            }
            e.deliveries().publish(host, I1, HostEvent.of("user.human.added", "{\"id\":\"rolled-back\"}"), "u1");
            host.rollback();
            try (Statement st = host.createStatement()) {
                st.execute("INSERT INTO host_users VALUES ('committed')");
            }
            e.deliveries().publish(host, I1, HostEvent.of("user.human.added", "{\"id\":\"committed\"}"), "u1");
            host.commit();
        }
        await(() -> log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.SUCCEEDED)).totalResult() == 1,
                Duration.ofSeconds(10));
        assertThat(log(e, I1).totalResult()).isEqualTo(1);
        assertThat(receiver.requests).hasSize(1);
        assertThat(receiver.requests.get(0).body()).contains("\"event_payload\":{\"id\":\"committed\"}");
    }

    @Test
    void closingTheEngineLeavesTheHostsPoolOpen() throws Exception {
        Executions e = start(fast().build());
        target(e, I1, "T1", "/hook");
        e.close();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM domainevententry")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void anH2PoolOutsidePostgresqlModeIsRefusedWithTheFix() {
        JdbcDataSource plain = new JdbcDataSource();
        plain.setURL("jdbc:h2:mem:plain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        assertThatThrownBy(() -> Executions.builder().storage(StorageConfig.dataSource(plain)).build())
                .hasMessageContaining("MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @org.junit.jupiter.api.AfterEach
    void closeDatabase() throws Exception {
        if (engine != null) {
            engine.close(); // before the database goes
        }
        receiver.close();
        if (keepAlive != null) {
            try (Statement st = keepAlive.createStatement()) {
                st.execute("SHUTDOWN");
            }
            keepAlive.close();
        }
    }
}
