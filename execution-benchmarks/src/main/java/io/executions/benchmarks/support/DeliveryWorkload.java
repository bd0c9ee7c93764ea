package io.executions.benchmarks.support;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.HostEvent;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The delivery workload (docs/delivery.md): a host publishes {@code user.human.added} events of a realistic
 * size (about 190 bytes of payload, a new user each time) and one target is bound to that event type.
 */
public final class DeliveryWorkload {
    public static final InstanceId INSTANCE = InstanceId.of("bench-delivery");
    public static final String EVENT_TYPE = "user.human.added";
    public static final TargetId TARGET = TargetId.of("receiver");

    private DeliveryWorkload() {
    }

    public static StaticCatalog catalog() {
        return new StaticCatalog(Map.of(), List.of(EVENT_TYPE, "user.human.changed"), List.of());
    }

    /** Creates the one target at {@code endpoint} and binds it to the event type. */
    public static void bind(Executions engine, String endpoint) {
        engine.createTarget(new CreateTarget(INSTANCE, TARGET, "receiver", TargetType.REST_WEBHOOK, false, endpoint,
                Duration.ofSeconds(10), "bench"));
        engine.setExecution(new SetExecution(INSTANCE, Condition.event(EVENT_TYPE), List.of(Entry.target(TARGET.value())),
                "bench"));
    }

    /** The n-th event: a new user. */
    public static HostEvent event(long n) {
        return new HostEvent(EVENT_TYPE, "user-" + n, "user", "org-1", 1, null, "admin",
                "{\"n\":" + n + ",\"userName\":\"user-" + n + "\",\"email\":\"user-" + n + "@example.com\","
                        + "\"emailVerified\":false,\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                        + "\"displayName\":\"Ada Lovelace\",\"preferredLanguage\":\"en\",\"gender\":\"female\"}");
    }

    /**
     * The bytes one publish with one target stores in its rows: the {@code DeliveryScheduled} event's payload
     * and metadata, and the delivery row's body (measured in the store; the fixed-width columns are not
     * counted).
     */
    public static int storedBytesPerPublish(StorageConfig storage) {
        String url;
        String user;
        String password;
        if (storage instanceof StorageConfig.H2 h2) {
            url = h2.jdbcUrl();
            user = "sa";
            password = "";
        } else if (storage instanceof StorageConfig.PostgreSql pg) {
            url = pg.jdbcUrl();
            user = pg.user();
            password = pg.password();
        } else {
            throw new IllegalArgumentException("a JDBC store is needed: " + storage);
        }
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement()) {
            long event = single(s, "SELECT MAX(OCTET_LENGTH(payload) + COALESCE(OCTET_LENGTH(metaData), 0)) "
                    + "FROM DomainEventEntry WHERE payloadType LIKE '%DeliveryScheduled'");
            long row = single(s, "SELECT MAX(OCTET_LENGTH(body)) FROM exec_delivery");
            return (int) (event + row);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot measure the stored bytes at " + url, e);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
