package io.executions.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL server of {@code EXECUTIONS_PG_URL}/{@code _USER}/{@code _PASSWORD}, and a fresh database
 * in it per test class (several test classes share the cluster). Without the variables the PostgreSQL
 * tests are skipped, unless {@code EXECUTIONS_PG_REQUIRED=true}, which makes them fail.
 */
final class Postgres implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");

    final String url;
    final String user;
    final String password;
    private final String adminUrl;
    private final String database;

    private Postgres(String adminUrl, String url, String database, String user, String password) {
        this.adminUrl = adminUrl;
        this.url = url;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /** Skips (or fails, when required) without a configured server; else creates a fresh database. */
    static Postgres freshDatabase(String prefix) {
        String url = System.getenv("EXECUTIONS_PG_URL");
        String user = System.getenv("EXECUTIONS_PG_USER");
        String password = System.getenv("EXECUTIONS_PG_PASSWORD");
        boolean configured = url != null && !url.isBlank() && user != null && !user.isBlank();
        if (!configured && "true".equalsIgnoreCase(System.getenv("EXECUTIONS_PG_REQUIRED"))) {
            fail("EXECUTIONS_PG_REQUIRED=true but EXECUTIONS_PG_URL/EXECUTIONS_PG_USER/EXECUTIONS_PG_PASSWORD "
                    + "are not set: run the tests through scripts/with-postgres.sh");
        }
        assumeTrue(configured, "PostgreSQL reliability tests skipped: set EXECUTIONS_PG_URL, EXECUTIONS_PG_USER and "
                + "EXECUTIONS_PG_PASSWORD (scripts/with-postgres.sh does), or EXECUTIONS_PG_REQUIRED=true to fail");
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("EXECUTIONS_PG_URL is not jdbc:postgresql://host:port/database: " + url);
        }
        String database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " in " + url
                    + " (the user needs CREATEDB): " + e.getMessage(), e);
        }
        String fresh = m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
        return new Postgres(url, fresh, database, user, password == null ? "" : password);
    }

    String storageJson() {
        return TestConfig.postgresStorage(url, user, password);
    }

    io.executions.runtime.StorageConfig storage() {
        return io.executions.runtime.StorageConfig.postgresql(url, user, password);
    }

    /** Drops the database, disconnecting whatever still uses it. */
    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }
}
