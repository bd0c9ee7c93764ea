package io.executions.benchmarks;

import io.executions.benchmarks.support.BenchStores;
import io.executions.benchmarks.support.DeliveryWorkload;
import io.executions.projections.ReadModels;
import io.executions.runtime.DeliveryConfig;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Publish throughput (docs/delivery.md): {@code deliveries().publish(instance, event)} with one target bound to the
 * event type (resolution, the {@code DeliveryScheduled} event and the delivery row in one committed
 * transaction; no worker runs, so only publishing is measured) against the baseline a host would otherwise
 * write: one plain JDBC {@code INSERT} of a row holding as many bytes as a publish stores, and {@code COMMIT},
 * on the same kind of database (H2: a second file with the same URL options; PostgreSQL: another schema of the
 * same database), one thread each, in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(java.util.concurrent.TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DeliveryPublishBenchmark {

    /** An engine that stores deliveries (no worker) on a fresh store, one target bound to the event type. */
    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"h2", "postgresql"})
        public String store;

        BenchStores stores;
        Executions engine;
        long n;

        @Setup
        public void setUp() {
            stores = new BenchStores(store);
            engine = open(stores.engineStorage());
        }

        @TearDown
        public void tearDown() {
            engine.close();
            stores.close();
        }
    }

    static Executions open(StorageConfig storage) {
        Executions engine = Executions.builder().storage(storage).catalog(DeliveryWorkload.catalog())
                .readSide(ReadModels::new)
                .delivery(DeliveryConfig.builder().build()) // no sender: store only
                .build();
        DeliveryWorkload.bind(engine, "https://hooks.example.test/users");
        return engine;
    }

    /** A table of one id and one payload column, on a database of the same kind. */
    @State(Scope.Benchmark)
    public static class Plain {
        @Param({"h2", "postgresql"})
        public String store;

        BenchStores stores;
        Connection connection;
        PreparedStatement insert;
        String row;

        @Setup
        public void setUp() throws SQLException {
            stores = new BenchStores(store);
            StorageConfig scratch = stores.engineStorage();
            int bytes;
            try (Executions engine = open(scratch)) {
                engine.deliveries().publish(DeliveryWorkload.INSTANCE, DeliveryWorkload.event(1), "bench");
                bytes = DeliveryWorkload.storedBytesPerPublish(scratch);
            }
            char[] filler = new char[bytes];
            Arrays.fill(filler, 'x');
            row = new String(filler);
            // H2: a second file in the same directory with the same URL options; PostgreSQL: the scratch
            // schema dropped and made anew by engineStorage(), in the same database
            StorageConfig plain = stores.engineStorage();
            connection = plain instanceof StorageConfig.H2 h2
                    ? DriverManager.getConnection(new StorageConfig.H2(h2.path().resolveSibling("plain")).jdbcUrl(),
                    "sa", "")
                    : DriverManager.getConnection(((StorageConfig.PostgreSql) plain).jdbcUrl(),
                    ((StorageConfig.PostgreSql) plain).user(), ((StorageConfig.PostgreSql) plain).password());
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE plain_row (n BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
            }
            connection.setAutoCommit(false);
            insert = connection.prepareStatement("INSERT INTO plain_row (payload) VALUES (?)");
            System.out.println("plain row: " + bytes + " bytes of payload (what one publish stored)");
        }

        @TearDown
        public void tearDown() throws SQLException {
            connection.close();
            stores.close();
        }
    }

    @Benchmark
    public long publish(Engine state) {
        long deliveries = state.engine.deliveries().publish(DeliveryWorkload.INSTANCE,
                DeliveryWorkload.event(state.n++), "bench");
        if (deliveries != 1) {
            throw new IllegalStateException("one target is bound: " + deliveries);
        }
        return deliveries;
    }

    /** The baseline: one plain INSERT of the same number of bytes, and COMMIT. */
    @Benchmark
    public int plainInsertCommit(Plain state) throws SQLException {
        state.insert.setString(1, state.row);
        int rows = state.insert.executeUpdate();
        state.connection.commit();
        return rows;
    }
}
