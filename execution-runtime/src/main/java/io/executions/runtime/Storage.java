package io.executions.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.executions.domain.command.CommandSideLookup;
import io.executions.domain.command.InMemoryCommandSideLookup;
import io.executions.domain.command.InMemoryInstanceLock;
import io.executions.domain.command.InstanceLock;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The stores of one engine: event storage, command-side lookup, instance lock, and their database. */
abstract sealed class Storage implements AutoCloseable permits Storage.Memory, Storage.Jdbc {
    /** How often an H2 file is forced to disk and compacted (see {@link H2Compaction}); a quarter of the 1 s chunk
     * retention in the engine's URL, so what H2 wrote is on disk well within the time its retention assumes.
     * (Tuned for size with a retention of 0: 4.4 KiB per event at 1 s, 2.6 KiB at 250 ms.) */
    static final long H2_COMPACTION_PERIOD_MILLIS = 250;

    /**
     * The setting every H2 database of the engine needs, its own file and a host's pool alike. H2 2.3.232 may answer
     * a query from the result it kept for the same statement although another transaction has committed a change
     * since (H2 issue #4208, fixed in 2.4.240): a check read after the instance lock could then miss the previous
     * command's include, and a cleared execution stay included (ConcurrentWritersTest failed so once on H2).
     */
    static final String H2_NO_RESULT_REUSE = "OPTIMIZE_REUSE_RESULTS=0";

    abstract CommandSideLookup lookup();

    abstract InstanceLock lock();

    abstract EventStorageEngine engine(Configuration c);

    /** The delivery log (its tables created on first use); only engines built with delivery call it. */
    abstract DeliveryLog deliveryLog();

    /** How the delivery log's writes are made atomic with the delivery events. */
    abstract Deliveries.Tx deliveryTx();

    /** Starts background upkeep of the store (H2 compaction), once the engine has started. */
    void startMaintenance() {
    }

    /**
     * Whether only this engine writes the store, asked again before each use of a kept aggregate
     * ({@link AggregateCache}); null when other processes may write it (PostgreSQL, a host's database). The
     * memory store is always this engine's alone; an H2 file it opened is (H2 locks it against other
     * processes) until another engine of this JVM opens the same file ({@link H2FileClaims}).
     */
    abstract java.util.function.BooleanSupplier soleWriter();

    /** Events in the store. */
    abstract long eventCount(EventStore store);

    /**
     * A named value the host keeps in the store (e.g. its sealed JWT signing key): the stored one, else
     * {@code create}'s, stored first; when two processes race, the first stored value wins and both answer it.
     */
    abstract String storedValue(String name, java.util.function.Supplier<String> create);

    @Override
    public abstract void close();

    static Storage open(StorageConfig config, String nodeId) {
        if (config instanceof StorageConfig.Memory) {
            return new Memory();
        } else if (config instanceof StorageConfig.H2 h2) {
            requireOnClassPath("org.h2.Driver", "com.h2database:h2", "an H2 store");
            Jdbc jdbc = new Jdbc(h2.jdbcUrl(), "sa", "", false, nodeId);
            jdbc.compactionThreadName = "executions-" + nodeId + "-h2-compaction";
            jdbc.h2File = H2FileClaims.claim(h2.path());
            return jdbc;
        } else if (config instanceof StorageConfig.HostDataSource host) {
            return Jdbc.onHostPool(host.dataSource(), nodeId);
        } else {
            StorageConfig.PostgreSql pg = (StorageConfig.PostgreSql) config;
            requireOnClassPath("org.postgresql.Driver", "org.postgresql:postgresql", "a PostgreSQL store");
            return new Jdbc(pg.jdbcUrl(), pg.user(), pg.password(), true, nodeId);
        }
    }

    /**
     * The JDBC drivers and HikariCP are optional dependencies of this module, so a host that keeps its events in
     * memory (or brings its own versions) is not forced to carry them; a host that asks for a JDBC store without
     * them gets this message instead of a NoClassDefFoundError.
     */
    private static void requireOnClassPath(String driver, String artifact, String what) {
        for (String[] needed : new String[][]{{driver, artifact}, {"com.zaxxer.hikari.HikariDataSource",
                "com.zaxxer:HikariCP"}}) {
            try {
                Class.forName(needed[0], false, Storage.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(what + " needs " + needed[1] + " on the class path; add it to the "
                        + "host's dependencies (execution-runtime declares it optional)", e);
            }
        }
    }

    static final class Memory extends Storage {
        @Override
        java.util.function.BooleanSupplier soleWriter() {
            return () -> true;
        }

        private final InMemoryCommandSideLookup lookup = new InMemoryCommandSideLookup();
        private final InMemoryInstanceLock lock = new InMemoryInstanceLock();
        private final InMemoryDeliveryLog deliveryLog = new InMemoryDeliveryLog();

        @Override
        DeliveryLog deliveryLog() {
            return deliveryLog;
        }

        @Override
        Deliveries.Tx deliveryTx() {
            return new Deliveries.Tx() {
                @Override
                public <T> T inTransaction(java.util.function.Supplier<T> work) {
                    synchronized (deliveryLog.monitor()) {
                        return work.get();
                    }
                }

                @Override
                public <T> T inHostTransaction(Connection connection, java.util.function.Supplier<T> work) {
                    throw new UnsupportedOperationException(
                            "the transactional outbox needs a database store (PostgreSQL), not the memory store");
                }
            };
        }

        @Override
        CommandSideLookup lookup() {
            return lookup;
        }

        @Override
        InstanceLock lock() {
            return lock;
        }

        @Override
        EventStorageEngine engine(Configuration c) {
            return new IndexedInMemoryEventStorageEngine();
        }

        @Override
        long eventCount(EventStore store) {
            long count = 0;
            try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
                while (stream.hasNextAvailable()) {
                    stream.nextAvailable();
                    count++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while counting events", e);
            }
            return count;
        }

        private final java.util.concurrent.ConcurrentHashMap<String, String> values =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        String storedValue(String name, java.util.function.Supplier<String> create) {
            return values.computeIfAbsent(name, n -> create.get());
        }

        @Override
        public void close() {
        }
    }

    static final class Jdbc extends Storage {
        /** Axon's default: events per query, for aggregate loads and for the tracking read models. */
        private static final int BATCH_SIZE = 100;
        private final DataSource pool;
        /** False for a host's pool: the host closes it. */
        private final boolean ownsPool;
        private final JdbcTransactionManager transactions;
        private final JdbcCommandSideLookup lookup;
        private final JdbcInstanceLock lock;
        private final boolean postgres;
        private JdbcDeliveryLog deliveryLog;
        /** Only for an H2 file, started by {@link #startMaintenance()}. */
        private volatile H2Compaction compaction;
        private String compactionThreadName;
        /** This engine's hold on its H2 file (null for other databases), released at close. */
        private H2FileClaims.Claim h2File;

        Jdbc(String url, String user, String password, boolean postgres, String nodeId) {
            this.postgres = postgres;
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(url);
            hikari.setUsername(user);
            hikari.setPassword(password);
            hikari.setPoolName("executions-" + nodeId);
            // Each command holds one connection for its transaction; the tracking processor, the event
            // store's producer and the gap checks need a few more.
            hikari.setMaximumPoolSize(16);
            hikari.setMinimumIdle(1);
            hikari.setConnectionTimeout(30_000);
            hikari.setAutoCommit(true);
            this.pool = new HikariDataSource(hikari);
            this.ownsPool = true;
            try {
                this.transactions = new JdbcTransactionManager(pool);
                this.lookup = new JdbcCommandSideLookup(transactions);
                this.lock = new JdbcInstanceLock(transactions, postgres);
            } catch (RuntimeException e) {
                closePool();
                throw e;
            }
        }

        private Jdbc(DataSource hostPool, boolean postgres) {
            this.postgres = postgres;
            this.pool = hostPool;
            this.ownsPool = false;
            this.transactions = new JdbcTransactionManager(pool);
            this.lookup = new JdbcCommandSideLookup(transactions);
            this.lock = new JdbcInstanceLock(transactions, postgres);
        }

        /**
         * A store in the host's database: PostgreSQL, or H2 in PostgreSQL mode (the engine's SQL relies on it);
         * anything else is refused with the reason.
         */
        static Jdbc onHostPool(DataSource hostPool, String nodeId) {
            String product;
            String mode = null;
            try (Connection connection = hostPool.getConnection()) {
                product = connection.getMetaData().getDatabaseProductName();
                if ("H2".equalsIgnoreCase(product)) {
                    try (var statement = connection.createStatement();
                         var rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                                 + "WHERE SETTING_NAME = 'MODE'")) {
                        mode = rs.next() ? rs.getString(1) : null;
                    }
                    if ("PostgreSQL".equalsIgnoreCase(mode)) {
                        turnResultReuseOff(connection);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open a connection of the host's DataSource: " + e.getMessage(), e);
            }
            if ("PostgreSQL".equalsIgnoreCase(product)) {
                return new Jdbc(hostPool, true);
            }
            if ("H2".equalsIgnoreCase(product)) {
                if (!"PostgreSQL".equalsIgnoreCase(mode)) {
                    throw new IllegalStateException("the host's H2 DataSource must run in PostgreSQL mode: add "
                            + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH to its URL (mode was "
                            + mode + ")");
                }
                return new Jdbc(hostPool, false);
            }
            throw new IllegalStateException("the host's DataSource is " + product
                    + "; the engine stores events in PostgreSQL or H2 (PostgreSQL mode) only");
        }

        /**
         * {@link #H2_NO_RESULT_REUSE} for a host's H2 database. H2 does not show the setting (INFORMATION_SCHEMA
         * lists no OPTIMIZE_REUSE_RESULTS), so the engine sets it: for the whole database, until the database
         * closes (it is not stored; a pool keeps the database open). H2 requires an admin user for it, in the URL
         * as much as by SET.
         */
        private static void turnResultReuseOff(Connection connection) {
            try (var statement = connection.createStatement()) {
                statement.execute("SET OPTIMIZE_REUSE_RESULTS 0");
            } catch (SQLException e) {
                throw new IllegalStateException("could not turn H2's result reuse off in the host's database ("
                        + e.getMessage() + "): connect the DataSource as an admin user (in H2: ALTER USER ... "
                        + "ADMIN TRUE). H2 2.3.232 can answer a query with a result from before another "
                        + "transaction's commit (H2 issue #4208, fixed in 2.4.240), and the engine's checks need every "
                        + "read current", e);
            }
        }

        private void closePool() {
            if (ownsPool && pool instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close the connection pool", e);
                }
            }
        }

        @Override
        synchronized DeliveryLog deliveryLog() {
            if (deliveryLog == null) {
                transactions.executeInTransaction(() -> {
                    if (postgres) {
                        // two processes starting at once would race on CREATE TABLE IF NOT EXISTS
                        Sql.query(transactions, "SELECT pg_advisory_xact_lock(4242424243)", rs -> 1);
                    }
                    Sql.execute(transactions, JdbcDeliveryLog.SCHEMA);
                });
                deliveryLog = new JdbcDeliveryLog(transactions, postgres);
            }
            return deliveryLog;
        }

        @Override
        Deliveries.Tx deliveryTx() {
            return new Deliveries.Tx() {
                @Override
                public <T> T inTransaction(java.util.function.Supplier<T> work) {
                    return transactions.fetchInTransaction(work);
                }

                @Override
                public <T> T inHostTransaction(Connection connection, java.util.function.Supplier<T> work) {
                    return transactions.inHostTransaction(connection, work);
                }
            };
        }

        JdbcTransactionManager transactions() {
            return transactions;
        }

        static final String VALUES_SCHEMA = "CREATE TABLE IF NOT EXISTS executions_stored_value ("
                + "name VARCHAR(200) PRIMARY KEY, stored_value VARCHAR(65536) NOT NULL)";
        private volatile boolean valuesTable;

        @Override
        String storedValue(String name, java.util.function.Supplier<String> create) {
            synchronized (this) {
                if (!valuesTable) {
                    transactions.executeInTransaction(() -> {
                        if (postgres) {
                            // two processes starting at once would race on CREATE TABLE IF NOT EXISTS
                            Sql.query(transactions, "SELECT pg_advisory_xact_lock(4242424244)", rs -> 1);
                        }
                        Sql.execute(transactions, VALUES_SCHEMA);
                    });
                    valuesTable = true;
                }
            }
            String select = "SELECT stored_value FROM executions_stored_value WHERE name = ?";
            List<String> found = Sql.query(transactions, select, rs -> rs.getString(1), name);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            String value = create.get();
            try {
                Sql.update(transactions, "INSERT INTO executions_stored_value (name, stored_value) VALUES (?, ?)",
                        name, value);
                return value;
            } catch (IllegalStateException e) {
                // another process stored its value first (primary key): that one counts
                found = Sql.query(transactions, select, rs -> rs.getString(1), name);
                if (!found.isEmpty()) {
                    return found.get(0);
                }
                throw e;
            }
        }

        @Override
        CommandSideLookup lookup() {
            return lookup;
        }

        JdbcCommandSideLookup jdbcLookup() {
            return lookup;
        }

        @Override
        InstanceLock lock() {
            return lock;
        }

        /**
         * Axon's tables ({@code PostgresEventTableFactory}: BIGSERIAL and bytea, which H2 accepts in
         * PostgreSQL mode) plus the command side's own. Aggregate identifiers are SHA-256 digests
         * ({@code AggregateIds}), 74 characters, so Axon's VARCHAR(255) identifier column and the unique
         * (aggregateIdentifier, sequenceNumber) index fit any condition; methods, names and ids of up to
         * 1000 code points (4-byte characters included) live in the bytea payload, which has no limit.
         */
        @Override
        EventStorageEngine engine(Configuration c) {
            JdbcEventStorageEngine engine = new WithoutSnapshots(JdbcEventStorageEngine.builder()
                    .connectionProvider(transactions)
                    .transactionManager(transactions)
                    .eventSerializer(c.eventSerializer())
                    .snapshotSerializer(c.serializer())
                    .upcasterChain(c.upcasterChain())
                    // pgjdbc's duplicate keys are only recognised by SQLState (axon-notes 2.2)
                    .persistenceExceptionResolver(new SQLStateResolver())
                    // Axon's JDBC engine reads an aggregate by sequence-number ranges and so always ends
                    // with one more, empty query; with LIMIT a short batch is the end of the aggregate.
                    .batchSize(BATCH_SIZE)
                    .readEventDataForAggregate(Jdbc::readAggregateBatch)
                    .finalAggregateBatchPredicate(batch -> batch.size() < BATCH_SIZE));
            transactions.executeInTransaction(() -> {
                if (postgres) {
                    // two processes starting at once would race on CREATE TABLE IF NOT EXISTS
                    Sql.query(transactions, "SELECT pg_advisory_xact_lock(4242424242)", rs -> 1);
                }
                engine.createSchema(PostgresEventTableFactory.INSTANCE);
                Sql.execute(transactions, JdbcInstanceLock.SCHEMA);
                Sql.execute(transactions, JdbcCommandSideLookup.SCHEMA);
                JdbcCommandSideLookup.createVersionTable(transactions);
            });
            return engine;
        }

        private static PreparedStatement readAggregateBatch(Connection connection, EventSchema schema,
                                                            String aggregateId, long firstSequenceNumber,
                                                            int batchSize) throws SQLException {
            PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields()
                    + " FROM " + schema.domainEventTable()
                    + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn()
                    + " >= ? ORDER BY " + schema.sequenceNumberColumn() + " ASC LIMIT ?");
            statement.setString(1, aggregateId);
            statement.setLong(2, firstSequenceNumber);
            statement.setInt(3, batchSize);
            return statement;
        }

        /**
         * The engine configures no snapshotter (no aggregate has a snapshot trigger), so the snapshot
         * table stays empty; Axon would still query it before every aggregate load, one round trip per
         * command for nothing. Should snapshots ever be configured, this class must go.
         */
        static final class WithoutSnapshots extends JdbcEventStorageEngine {
            WithoutSnapshots(JdbcEventStorageEngine.Builder builder) {
                super(builder);
            }

            @Override
            protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
                return Stream.empty();
            }
        }

        @Override
        long eventCount(EventStore store) {
            return Sql.query(transactions, "SELECT COUNT(*) FROM domainevententry", rs -> rs.getLong(1)).get(0);
        }

        /** The identifier of the stored event at a global index, empty when there is none. */
        Optional<String> eventIdentifierAt(long globalIndex) {
            List<String> ids = transactions.fetchInTransaction(() -> Sql.query(transactions,
                    "SELECT eventidentifier FROM domainevententry WHERE globalindex = ?", rs -> rs.getString(1),
                    globalIndex));
            return ids.stream().findFirst();
        }

        /** Only an H2 file this engine opened, not a host's pool. */
        @Override
        java.util.function.BooleanSupplier soleWriter() {
            H2FileClaims.Claim claim = h2File;
            return claim == null ? null : claim::alone;
        }

        /**
         * Starts the H2 file's compaction (nothing for other databases). Called once the engine has started: a
         * file left sparse by a previous run is compacted beside the running engine, not during its start, where
         * it took one of two cores from loading the read models (BENCHMARKS.md "Scale goals", start time).
         */
        @Override
        void startMaintenance() {
            if (compactionThreadName != null && compaction == null) {
                compaction = H2Compaction.start(pool, compactionThreadName, H2_COMPACTION_PERIOD_MILLIS);
            }
        }

        /** Runs one H2 compaction pass now (tests); false when there is none or nothing was rewritten. */
        boolean compactNow() {
            H2Compaction c = compaction;
            return c != null && c.compactOnce();
        }

        @Override
        public void close() {
            try {
                if (compaction != null) {
                    compaction.close();
                }
            } finally {
                try {
                    closePool();
                } finally {
                    H2FileClaims.Claim claim = h2File;
                    h2File = null;
                    if (claim != null) {
                        claim.release();
                    }
                }
            }
        }
    }
}
