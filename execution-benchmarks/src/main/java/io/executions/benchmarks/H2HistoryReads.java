package io.executions.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.support.BenchStores;
import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.runtime.LegacyExecutionSetUpcaster;
import io.executions.runtime.StorageConfig;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's part of a diff or revert on an H2 file of 1M events: reading the history of each changed
 * execution (one aggregate stream each, by its indexed identifier), as {@code SafeChange} does through the
 * event store. The store is written once by plain appends (same serializer, upcaster, table layout and H2 URL
 * options as the runtime) and read with the runtime's aggregate read (LIMIT batches of 100); beside it, one
 * {@code IN (...)} query for all the window's aggregates, as a batched read would do.
 */
final class H2HistoryReads {
    private H2HistoryReads() {
    }

    static void run(Dataset dataset, int rounds, long total, List<ExecutionId> tail, int[] windows, Path dir,
                    int samples) throws Exception {
        InstanceId instance = dataset.main().id();
        Files.createDirectories(dir);
        Path marker = dir.resolve("reads-loaded.txt");
        String expected = total + " events";
        boolean load = !Files.exists(marker) || !Files.readString(marker).trim().equals(expected);
        if (load) {
            try (var old = Files.list(dir)) {
                for (Path p : old.filter(f -> f.getFileName().toString().startsWith("reads")).toList()) {
                    Files.delete(p);
                }
            }
        }
        String url = new StorageConfig.H2(dir.resolve("reads")).jdbcUrl();
        if (load) {
            // written once with H2's default write delay (the runtime's WRITE_DELAY=0 makes each auto-committed
            // row its own file write: ~500 events/s here); read below with the runtime's own URL
            long started = System.nanoTime();
            try (HikariDataSource pool = pool(url.replace(";WRITE_DELAY=0", ""))) {
                JdbcEventStorageEngine engine = engine(pool);
                engine.createSchema(PostgresEventTableFactory.INSTANCE);
                EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
                List<EventMessage<?>> batch = new ArrayList<>(1000);
                dataset.forEachEventInRounds(rounds, event -> {
                    batch.add(event);
                    if (batch.size() == 1000) {
                        store.publish(batch);
                        batch.clear();
                    }
                });
                store.publish(batch);
                store.shutDown();
            }
            Files.writeString(marker, expected + "\n");
            SafeChangeAtScale.log("appended %d events to H2 in %.0f s (%d bytes)", total,
                    (System.nanoTime() - started) / 1e9, Files.size(dir.resolve("reads.mv.db")));
        }
        try (HikariDataSource pool = pool(url)) {
            JacksonSerializer json = BenchStores.serializer();
            JdbcEventStorageEngine engine = engine(pool);
            EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
            try {
                for (int k : windows) {
                    List<String> ids = tail.subList(tail.size() - k, tail.size()).stream()
                            .map(id -> AggregateIds.execution(instance, id)).toList();
                    String load1 = SafeChangeAtScale.loadAverage();
                    long[] one = new long[samples];
                    long[] batched = new long[samples];
                    long[] cpuOne = new long[samples];
                    long[] cpuBatched = new long[samples];
                    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                    for (int i = -2; i < samples; i++) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        long events = 0;
                        for (String id : ids) {
                            DomainEventStream stream = store.readEvents(id, 0L);
                            while (stream.hasNext()) {
                                stream.next().getPayload();
                                events++;
                            }
                        }
                        long t1 = System.nanoTime();
                        long c1 = threads.getCurrentThreadCpuTime();
                        long batchedEvents = readAll(pool, json, ids);
                        long t2 = System.nanoTime();
                        long c2 = threads.getCurrentThreadCpuTime();
                        if (events != (long) k * rounds || batchedEvents != events) {
                            throw new IllegalStateException("read " + events + " / " + batchedEvents + " events of "
                                    + k + " executions");
                        }
                        if (i >= 0) {
                            one[i] = t1 - t0;
                            batched[i] = t2 - t1;
                            cpuOne[i] = c1 - c0;
                            cpuBatched[i] = c2 - c1;
                        }
                    }
                    SafeChangeAtScale.report("h2", "historyReadsPerAggregate", k, one, load1);
                    SafeChangeAtScale.report("h2", "historyReadsOneQuery", k, batched, load1);
                    SafeChangeAtScale.report("h2", "historyReadsPerAggregateThreadCpu", k, cpuOne, load1);
                    SafeChangeAtScale.report("h2", "historyReadsOneQueryThreadCpu", k, cpuBatched, load1);
                }
            } finally {
                store.shutDown();
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername("sa");
        hikari.setPassword("");
        hikari.setMaximumPoolSize(4);
        hikari.setAutoCommit(true);
        return new HikariDataSource(hikari);
    }

    /** A JDBC engine as the runtime's: same serializer, upcaster, table layout and aggregate read (LIMIT 100). */
    private static JdbcEventStorageEngine engine(HikariDataSource pool) {
        JacksonSerializer json = BenchStores.serializer();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(pool))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(json)
                .snapshotSerializer(json)
                .upcasterChain(new EventUpcasterChain(new LegacyExecutionSetUpcaster()))
                .persistenceExceptionResolver(new SQLStateResolver())
                .batchSize(100)
                .readEventDataForAggregate((c, schema, id, first, size) -> {
                    PreparedStatement st = c.prepareStatement("SELECT " + schema.trackedEventFields() + " FROM "
                            + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn()
                            + " = ? AND " + schema.sequenceNumberColumn() + " >= ? ORDER BY "
                            + schema.sequenceNumberColumn() + " ASC LIMIT ?");
                    st.setString(1, id);
                    st.setLong(2, first);
                    st.setInt(3, size);
                    return st;
                })
                .finalAggregateBatchPredicate(batch -> batch.size() < 100)
                .build();
    }

    /** Every event of the given aggregates in one query, deserialized (what a batched history read costs). */
    private static long readAll(HikariDataSource pool, JacksonSerializer json, List<String> ids) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT payloadType, payload FROM domainevententry "
                + "WHERE aggregateIdentifier IN (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(") ORDER BY aggregateIdentifier, sequenceNumber");
        long n = 0;
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < ids.size(); i++) {
                st.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Class<?> type = Class.forName(rs.getString(1));
                    json.getObjectMapper().readValue(rs.getBytes(2), type);
                    n++;
                }
            }
        }
        return n;
    }
}
