package io.executions.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.executions.benchmarks.support.BenchStores;
import io.executions.benchmarks.support.WriteWorkload;
import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecutionResult;
import io.executions.projections.ReadModels;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * SetExecution against a fair baseline (BENCHMARKS.md "Scale goals", issue 13): a hand-written JDBC
 * transaction that runs the statements one SetExecution runs on the same schema, in the same order, with
 * the same keys and row counts — the instance's row lock, the aggregate's stored events (every column, as
 * an aggregate load reads them), the includers of the execution, the listed targets, the event insert, the
 * replacement of the lookup rows, the applied position and the instance version — then commits. What is
 * left between the two is the engine's own work: Axon's command bus and unit of work, the aggregate's
 * event sourcing, the checks, JSON, the live read model.
 *
 * <p>Run with {@code -t 1} and {@code -t 4} (JMH threads; each thread writes its own conditions, so every
 * call is a real change) and {@code -p instances=1,4}: with one instance every writer queues on the same
 * row lock, with four (and four threads) each writes its own instance. The statements were taken from H2's
 * {@code INFORMATION_SCHEMA.QUERY_STATISTICS} for one SetExecution of this workload (a list of two or
 * three targets replacing the previous one); {@code H2PublishStatementCountTest} is the model for keeping
 * such a list honest. On an H2 file the engine keeps the aggregates of its last commands and skips their read
 * ({@code H2StatementCountTest}): compare it there with {@code aggregateRead=false}, the same statements;
 * {@code true} is the list as it was before, and what the engine runs on PostgreSQL.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
// 75 s of warm-up: with four writers on this 2-core VM the C2 compiler still took a third of the CPU 30 s
// into a fork, which throttled the engine (more code to compile) far more than the plain JDBC baseline
@Warmup(iterations = 25, time = 3)
@Measurement(iterations = 5, time = 3)
public class FairWriteBenchmark {

    /** Each JMH thread writes the ops {@code lane, lane + threads, lane + 2 * threads, ...}. */
    @State(Scope.Thread)
    public static class Lane {
        int lane;
        int threads;
        long k;

        @Setup
        public void setUp(ThreadParams thread, BenchmarkParams params) {
            threads = params.getThreads();
            lane = thread.getThreadIndex();
            if (WriteWorkload.CONDITIONS % threads != 0) {
                throw new IllegalArgumentException("threads must divide " + WriteWorkload.CONDITIONS);
            }
        }

        long next() {
            return k++ * threads + lane;
        }
    }

    /** The engine on a fresh store, with the workload's targets created in every instance. */
    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"h2", "postgresql"})
        public String store;
        @Param({"1", "4"})
        public int instances;

        final WriteWorkload workload = new WriteWorkload();
        BenchStores stores;
        Executions engine;

        @Setup
        public void setUp() {
            stores = new BenchStores(store);
            engine = Executions.builder().storage(stores.engineStorage()).catalog(workload.catalog())
                    .readSide(ReadModels::new).build();
            for (InstanceId instance : WriteWorkload.instances(instances)) {
                workload.createTargets(engine, instance);
            }
        }

        @TearDown
        public void tearDown() {
            engine.close();
            stores.close();
        }
    }

    /**
     * The same schema and starting rows as the engine's (made by an engine on a fresh store, which then
     * stops), written by plain JDBC through a Hikari pool like the engine's.
     */
    @State(Scope.Benchmark)
    public static class Baseline {
        @Param({"h2", "postgresql"})
        public String store;
        @Param({"1", "4"})
        public int instances;
        /**
         * Whether the baseline reads the aggregate's stored events, as SetExecution does on PostgreSQL and
         * on H2 for an execution the engine has not changed since it started; on an H2 file the engine
         * otherwise keeps the aggregate of its last command ({@code AggregateCache}) and skips that read, so
         * {@code false} is the same statements as the engine's steady state there.
         */
        @Param({"true", "false"})
        public boolean aggregateRead;

        final WriteWorkload workload = new WriteWorkload();
        final JacksonSerializer json = BenchStores.serializer();
        final Map<InstanceId, String> instanceKeys = new HashMap<>();
        BenchStores stores;
        HikariDataSource pool;

        @Setup
        public void setUp() throws SQLException {
            stores = new BenchStores(store);
            StorageConfig storage = stores.engineStorage();
            try (Executions engine = Executions.builder().storage(storage).catalog(workload.catalog()).build()) {
                for (InstanceId instance : WriteWorkload.instances(instances)) {
                    workload.createTargets(engine, instance);
                }
            }
            HikariConfig hikari = new HikariConfig();
            if (storage instanceof StorageConfig.H2 h2) {
                hikari.setJdbcUrl(h2.jdbcUrl());
                hikari.setUsername("sa");
                hikari.setPassword("");
            } else {
                StorageConfig.PostgreSql pg = (StorageConfig.PostgreSql) storage;
                hikari.setJdbcUrl(pg.jdbcUrl());
                hikari.setUsername(pg.user());
                hikari.setPassword(pg.password());
            }
            hikari.setMaximumPoolSize(16);
            hikari.setAutoCommit(false);
            pool = new HikariDataSource(hikari);
            try (Connection c = pool.getConnection();
                 PreparedStatement st = c.prepareStatement(
                         "SELECT instance_key FROM exec_instance_lock WHERE instance_id = ?")) {
                for (InstanceId instance : WriteWorkload.instances(instances)) {
                    st.setString(1, instance.value());
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no lock row for " + instance);
                        }
                        instanceKeys.put(instance, rs.getString(1));
                    }
                }
                c.commit();
            }
        }

        @TearDown
        public void tearDown() {
            pool.close();
            stores.close();
        }

        /** One SetExecution's statements in one transaction. */
        void write(long op) throws SQLException {
            InstanceId instance = WriteWorkload.instance(op, instances);
            ExecutionId id = ExecutionId.of(workload.condition(op));
            List<Entry> entries = workload.entries(op);
            long sequence = WriteWorkload.sequence(op);
            String key = AggregateIds.execution(instance, id);
            DomainEventMessage<?> event = io.executions.benchmarks.data.Dataset.executionSet(instance,
                    workload.condition(op), entries, sequence, Instant.now());
            SerializedObject<byte[]> payload = json.serialize(event.getPayload(), byte[].class);
            SerializedObject<byte[]> metaData = json.serialize(MetaData.with("traceId", UUID.randomUUID().toString())
                    .and("correlationId", UUID.randomUUID().toString()), byte[].class);
            try (Connection c = pool.getConnection()) {
                try {
                    if (store.equals("h2")) {
                        // the engine's H2 lock: a write of the row (FOR UPDATE is not exclusive on H2 2.3.232)
                        update(c, "UPDATE exec_instance_lock SET instance_id = instance_id WHERE instance_key = ?",
                                instanceKeys.get(instance));
                    } else {
                        query(c, "SELECT instance_key FROM exec_instance_lock WHERE instance_key = ? FOR UPDATE",
                                instanceKeys.get(instance));
                    }
                    if (aggregateRead) {
                        readAggregate(c, key);
                    }
                    query(c, "SELECT includer_id FROM exec_lookup_include WHERE included_key = ? ORDER BY "
                            + "includer_key", key);
                    Object[] targetKeys = new Object[entries.size()];
                    for (int i = 0; i < entries.size(); i++) {
                        targetKeys[i] = AggregateIds.target(instance, ((Entry.Target) entries.get(i)).target());
                    }
                    query(c, "SELECT target_id FROM exec_lookup_target WHERE target_key IN ("
                            + String.join(", ", Collections.nCopies(targetKeys.length, "?")) + ")", targetKeys);
                    try (PreparedStatement st = c.prepareStatement("INSERT INTO DomainEventEntry (eventIdentifier, "
                            + "aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payloadRevision, "
                            + "payload, metaData) VALUES (?,?,?,?,?,?,?,?,?)")) {
                        st.setString(1, UUID.randomUUID().toString());
                        st.setString(2, key);
                        st.setLong(3, sequence);
                        st.setString(4, "Execution");
                        st.setString(5, Instant.now().toString());
                        st.setString(6, payload.getType().getName());
                        st.setString(7, payload.getType().getRevision());
                        st.setBytes(8, payload.getData());
                        st.setBytes(9, metaData.getData());
                        st.executeUpdate();
                    }
                    update(c, "DELETE FROM exec_lookup_include WHERE includer_key = ?", key);
                    update(c, "DELETE FROM exec_lookup_entry WHERE execution_key = ?", key);
                    update(c, "INSERT INTO exec_lookup_execution (execution_key, instance_id, execution_id) "
                            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", key, instance.value(), id.value());
                    try (PreparedStatement st = c.prepareStatement(
                            "INSERT INTO exec_lookup_entry (execution_key, pos, kind, ref) VALUES (?, ?, ?, ?)")) {
                        for (int pos = 0; pos < entries.size(); pos++) {
                            st.setString(1, key);
                            st.setInt(2, pos);
                            st.setString(3, "T");
                            st.setString(4, ((Entry.Target) entries.get(pos)).target().value());
                            st.addBatch();
                        }
                        st.executeBatch();
                    }
                    if (update(c, "UPDATE exec_lookup_applied SET seq = ? WHERE aggregate_id = ? AND seq < ?",
                            sequence, key, sequence) == 0) {
                        update(c, "INSERT INTO exec_lookup_applied (aggregate_id, seq) VALUES (?, ?) "
                                + "ON CONFLICT DO NOTHING", key, sequence);
                    }
                    update(c, "UPDATE exec_lookup_version SET version = version + 1 WHERE instance_key = ?",
                            instanceKeys.get(instance));
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }

        /** The aggregate load: every column of every stored event of the execution. */
        private static void readAggregate(Connection c, String key) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("SELECT globalIndex, eventIdentifier, "
                    + "aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payloadRevision, "
                    + "payload, metaData FROM DomainEventEntry WHERE aggregateIdentifier = ? AND "
                    + "sequenceNumber >= ? ORDER BY sequenceNumber ASC LIMIT ?")) {
                st.setString(1, key);
                st.setLong(2, 0);
                st.setInt(3, 100);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= 10; i++) {
                            rs.getObject(i);
                        }
                    }
                }
            }
        }

        private static void query(Connection c, String sql, Object... args) throws SQLException {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, args);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }

        private static int update(Connection c, String sql, Object... args) throws SQLException {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, args);
                return st.executeUpdate();
            }
        }

        private static void bind(PreparedStatement st, Object... args) throws SQLException {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
        }
    }

    @Benchmark
    public SetExecutionResult setExecution(Engine state, Lane lane) {
        long op = lane.next();
        SetExecutionResult result = state.engine.setExecution(
                state.workload.command(op, WriteWorkload.instance(op, state.instances)));
        if (!result.written()) {
            throw new IllegalStateException("the workload must change the list every time");
        }
        return result;
    }

    /** The baseline: the same statements in one hand-written JDBC transaction. */
    @Benchmark
    public void jdbcTransaction(Baseline state, Lane lane) throws SQLException {
        state.write(lane.next());
    }
}
