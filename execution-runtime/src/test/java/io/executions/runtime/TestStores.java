package io.executions.runtime;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.StaticCatalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Stores and a catalog for the runtime tests. */
final class TestStores {
    static final String PG_URL = System.getenv("EXECUTIONS_PG_URL");
    static final String PG_USER = System.getenv("EXECUTIONS_PG_USER");
    static final String PG_PASSWORD = System.getenv("EXECUTIONS_PG_PASSWORD");

    /** Service {@code a.b.S} with methods M0..M19, one event type, one function. */
    static final Catalog CATALOG = new StaticCatalog(
            Map.of("a.b.S", IntStream.range(0, 20).mapToObj(i -> "M" + i).toList()),
            List.of("user.human.added"), List.of("preuserinfo"));

    private TestStores() {
    }

    /**
     * Skips the calling test unless a PostgreSQL server is configured; fails it instead when
     * {@code EXECUTIONS_PG_REQUIRED=true} (CI), so the PostgreSQL path can never be skipped silently there.
     */
    static void assumePostgres() {
        boolean configured = PG_URL != null && !PG_URL.isBlank();
        if (!configured && "true".equals(System.getenv("EXECUTIONS_PG_REQUIRED"))) {
            throw new IllegalStateException("EXECUTIONS_PG_REQUIRED=true but EXECUTIONS_PG_URL is not set: "
                    + "run the tests through scripts/with-postgres.sh");
        }
        assumeTrue(PG_URL != null && !PG_URL.isBlank(),
                "PostgreSQL tests skipped: set EXECUTIONS_PG_URL, EXECUTIONS_PG_USER and EXECUTIONS_PG_PASSWORD "
                        + "(scripts/with-postgres.sh does)");
    }

    /** A fresh, empty schema in the configured PostgreSQL database, as the storage's search path. */
    static StorageConfig freshPostgresSchema() {
        assumePostgres();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test schema in " + PG_URL, e);
        }
        String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return StorageConfig.postgresql(url, PG_USER, PG_PASSWORD);
    }

    /** The JDBC url, user and password of a JDBC storage, for tests that look at the tables. */
    static Connection connect(StorageConfig storage) throws SQLException {
        if (storage instanceof StorageConfig.H2 h2) {
            return DriverManager.getConnection(h2.jdbcUrl(), "sa", "");
        }
        StorageConfig.PostgreSql pg = (StorageConfig.PostgreSql) storage;
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
