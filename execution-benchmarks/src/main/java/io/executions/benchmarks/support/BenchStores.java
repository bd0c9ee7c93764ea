package io.executions.benchmarks.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.executions.runtime.EventJson;
import io.executions.runtime.LegacyExecutionSetUpcaster;
import io.executions.runtime.StorageConfig;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The three kinds of store of the benchmarks ({@code memory}, {@code h2}, {@code postgresql}): the
 * engine's {@link StorageConfig} and, for baselines, a plain Axon event store of the same kind with the
 * same serializer and table layout. Each call gets a fresh, empty store: a new temporary H2 file, or a
 * new schema in the PostgreSQL database named by {@code EXECUTIONS_PG_URL}/{@code _USER}/{@code _PASSWORD}.
 */
public final class BenchStores implements AutoCloseable {
    private final String kind;
    private final Path tempDir;
    private final Path rawH2;
    private HikariDataSource rawPool;
    private EmbeddedEventStore rawStore;

    public BenchStores(String kind) {
        this(kind, null);
    }

    /**
     * @param rawH2 for {@code h2}, where the raw store's file lives (kept at close, so that a later fork can
     *              read what an earlier one wrote); null for a temporary file
     */
    public BenchStores(String kind, Path rawH2) {
        if (!kind.equals("memory") && !kind.equals("h2") && !kind.equals("postgresql")) {
            throw new IllegalArgumentException("store is memory, h2 or postgresql, was " + kind);
        }
        if (kind.equals("postgresql") && System.getenv("EXECUTIONS_PG_URL") == null) {
            throw new IllegalStateException("store=postgresql needs EXECUTIONS_PG_URL, EXECUTIONS_PG_USER and "
                    + "EXECUTIONS_PG_PASSWORD (scripts/bench.sh only passes postgresql when they are set)");
        }
        this.kind = kind;
        this.rawH2 = rawH2;
        try {
            this.tempDir = Files.createTempDirectory("executions-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh store for the engine. */
    public StorageConfig engineStorage() {
        return switch (kind) {
            case "memory" -> StorageConfig.memory();
            case "h2" -> StorageConfig.h2(tempDir.resolve("engine"));
            default -> StorageConfig.postgresql(freshSchema("bench_engine"), pgUser(), pgPassword());
        };
    }

    /**
     * A plain Axon event store of the same kind (same serializer, upcaster, table factory and H2 URL
     * options as the runtime), without aggregates, checks or processors. Every JDBC append commits on its
     * own (auto-commit), as one command's transaction does.
     */
    public EmbeddedEventStore rawStore() {
        if (rawStore == null) {
            rawStore = EmbeddedEventStore.builder().storageEngine(rawEngine()).build();
        }
        return rawStore;
    }

    private EventStorageEngine rawEngine() {
        if (kind.equals("memory")) {
            return new InMemoryEventStorageEngine();
        }
        HikariConfig hikari = new HikariConfig();
        if (kind.equals("h2")) {
            hikari.setJdbcUrl(new StorageConfig.H2(rawH2 != null ? rawH2 : tempDir.resolve("raw")).jdbcUrl());
            hikari.setUsername("sa");
            hikari.setPassword("");
        } else {
            hikari.setJdbcUrl(freshSchema("bench_raw"));
            hikari.setUsername(pgUser());
            hikari.setPassword(pgPassword());
        }
        hikari.setMaximumPoolSize(4);
        hikari.setAutoCommit(true);
        rawPool = new HikariDataSource(hikari);
        JacksonSerializer json = serializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(rawPool))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(json)
                .snapshotSerializer(json)
                .upcasterChain(new EventUpcasterChain(new LegacyExecutionSetUpcaster()))
                .persistenceExceptionResolver(new SQLStateResolver())
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return engine;
    }

    /** The runtime's stored event format. */
    public static JacksonSerializer serializer() {
        return JacksonSerializer.builder().objectMapper(EventJson.newMapper()).build();
    }

    public String kind() {
        return kind;
    }

    public Path tempDir() {
        return tempDir;
    }

    /** Drops and creates a schema and returns the URL that uses it. */
    private static String freshSchema(String schema) {
        String url = System.getenv("EXECUTIONS_PG_URL");
        try (Connection c = DriverManager.getConnection(url, pgUser(), pgPassword());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + schema + " at " + url, e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String pgUser() {
        return System.getenv().getOrDefault("EXECUTIONS_PG_USER", "postgres");
    }

    private static String pgPassword() {
        return System.getenv().getOrDefault("EXECUTIONS_PG_PASSWORD", "");
    }

    @Override
    public void close() {
        if (rawStore != null) {
            rawStore.shutDown();
        }
        if (rawPool != null) {
            rawPool.close();
        }
        deleteRecursively(tempDir);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
