package io.executions.runtime;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Objects;

/** Where the events (and the command side's lookup tables) are stored. */
public sealed interface StorageConfig {

    /** Everything in memory, lost at close: for tests and demos. */
    static StorageConfig memory() {
        return new Memory();
    }

    /**
     * An embedded H2 database file (in PostgreSQL mode), e.g. {@code ./data/executions} becomes
     * {@code ./data/executions.mv.db}. One process at a time may open it.
     */
    static StorageConfig h2(Path path) {
        Objects.requireNonNull(path, "an H2 storage needs a path");
        return new H2(path);
    }

    /** A PostgreSQL database, which several processes may share. */
    static StorageConfig postgresql(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL url must start with jdbc:postgresql:, was '"
                    + jdbcUrl + "'");
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("a PostgreSQL storage needs a user");
        }
        return new PostgreSql(jdbcUrl, user, password == null ? "" : password);
    }

    /**
     * The host's own database (PostgreSQL, or H2 in PostgreSQL mode without result reuse: {@code MODE=PostgreSQL;
     * DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;OPTIMIZE_REUSE_RESULTS=0}), through its connection pool. The engine creates its tables there, borrows
     * connections, and never closes the pool: the host does. The transactional outbox
     * ({@code Deliveries#publish(Connection, ...)}) takes a connection of this pool in the host's transaction.
     */
    static StorageConfig dataSource(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "a DataSource storage needs the host's DataSource");
        return new HostDataSource(dataSource);
    }

    /** The host's pool; the engine does not own it. */
    record HostDataSource(DataSource dataSource) implements StorageConfig {
        public HostDataSource {
            Objects.requireNonNull(dataSource, "dataSource");
        }
    }

    /** In-memory storage. */
    record Memory() implements StorageConfig {
    }

    /** An embedded H2 file. */
    record H2(Path path) implements StorageConfig {
        public H2 {
            Objects.requireNonNull(path, "an H2 storage needs a path");
        }

        /** The JDBC url of this file. */
        public String jdbcUrl() {
            // LOCK_TIMEOUT bounds the wait for the instance row lock and the event table: commands of one
            // instance queue behind each other, each a few milliseconds, so 10 s means "stuck".
            // DB_CLOSE_ON_EXIT=FALSE: the engine closes the database itself; H2's own JVM shutdown hook
            // would otherwise close it under a host's shutdown hook while processors are still stopping.
            // QUERY_CACHE_SIZE=64: a command runs a dozen distinct statements, more than H2's default
            // per-connection cache of 8 parsed statements, so each was parsed again every time (a fifth
            // of a SetExecution's CPU in a profile).
            return "jdbc:h2:file:" + path.toAbsolutePath().normalize()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
                    + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64"
                    // H2 keeps commits in memory for up to WRITE_DELAY (500 ms by default) before writing them
                    // to the file: a killed process lost writes it had acknowledged
                    + ";WRITE_DELAY=0"
                    // RETENTION_TIME=1000: H2 keeps a replaced chunk's space unused for this long after the
                    // chunk was written (45 s by default), assuming the operating system has flushed newer writes by
                    // then; the engine's H2Compaction forces the file to disk every 250 ms, so 1 s holds. At 45 s a
                    // burst of writes grew the file by ~42 KiB per write while open (4.18 GB after 100,000 writes);
                    // at 1 s it stays at ~3.2 KiB per stored event (BENCHMARKS.md "Scale goals"). Not 0: at 0 H2
                    // 2.3.232 lost committed rows at close (H2StaleResultTest), and others report files that no longer
                    // open at 0 (with versionsToKeep 0) on 2.4.240 (h2database issues #2752, #4083), none at 1 s.
                    // (H2 2.5.252 is not used: its UPDATE row lock let two commands into InstanceLockExclusionTest.)
                    + ";RETENTION_TIME=1000"
                    // When the last connection closes H2 compacts for up to MAX_COMPACT_TIME: 8 s instead of 200 ms,
                    // so a file closed after a burst gives the burst's chunks back (after 100,000 writes 325 MB
                    // became 98 MB, within the 10 s Hikari waits for its connections to close).
                    + ";MAX_COMPACT_TIME=8000"
                    // H2 2.3.232 may answer a query from the result it kept for the same statement although
                    // another transaction has committed a change since (H2 issue #4208, fixed in 2.4.240): a
                    // check read after the instance lock could miss the previous command's include and let a
                    // cleared execution stay included. Results are never reused; H2StaleResultTest.
                    + ";" + Storage.H2_NO_RESULT_REUSE;
        }
    }

    /** A PostgreSQL server. */
    record PostgreSql(String jdbcUrl, String user, String password) implements StorageConfig {
        @Override
        public String toString() {
            return "PostgreSql[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
        }
    }
}
