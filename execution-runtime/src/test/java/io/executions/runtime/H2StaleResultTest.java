package io.executions.runtime;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ways H2 2.3.232 lost committed writes under concurrent transactions, each of which broke the include graph in
 * ConcurrentWritersTest once (a cleared execution still included):
 * <ul>
 *   <li>it can answer a query from the result it kept for the same statement although another transaction has
 *       committed a change since (H2 issue #4208, fixed in 2.4.240), so a check read after the instance lock may
 *       miss the previous command's write: every H2 database the engine uses has result reuse off
 *       ({@code Storage.H2_NO_RESULT_REUSE}), its own file by URL, a host's pool by {@code SET} at start;</li>
 *   <li>with {@code RETENTION_TIME=0}, committed rows reverted or vanished at close (a counter incremented 12,000
 *       times read 7,007, after reopening): the engine's file keeps replaced chunks for 1 s
 *       ({@code RETENTION_TIME=1000}, none lost in 6 rounds of this workload outside the test), with its
 *       compaction beside it.</li>
 * </ul>
 *
 * <p>The workload is H2's own reproduction of #4208: each transaction reads a counter, locks the counter's row, reads
 * it again with the same statement and writes it plus one, on 8 threads; a lost increment is a lost committed write.
 * The first test is the control: without the setting increments are lost, so the other two can fail.
 */
class H2StaleResultTest {
    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 1_500;
    /** Rounds the control may take to see a lost increment (it lost 16 to 50 of 12,000 in its first round here). */
    private static final int CONTROL_ROUNDS = 20;
    /** Rounds a database with the setting must come through without losing one. */
    private static final int ROUNDS = 3;
    /**
     * Rounds on a file that closes and reopens. With {@code RETENTION_TIME=0} in the URL on H2 2.3.232, 4 of 5 runs of
     * 5 rounds lost rows here (in round 0, 1 or 2), so 10.
     */
    private static final int REOPEN_ROUNDS = 10;

    @TempDir
    Path dir;

    @Test
    void withoutTheSettingH2AnswersAReadAfterTheLockFromAStaleResult() throws Exception {
        DataSource plain = h2("jdbc:h2:mem:plain-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        long lost = 0;
        for (int round = 0; round < CONTROL_ROUNDS && lost == 0; round++) {
            lost = lostIncrements(plain);
        }
        assertThat(lost).as("H2 without " + Storage.H2_NO_RESULT_REUSE + " lost increments; if it no longer does, "
                + "the H2 in use has fixed issue #4208 and the setting may go").isPositive();
    }

    @Test
    void anH2FileAsTheEngineOpensItLosesNoCommittedWriteAcrossReopening() throws Exception {
        for (int round = 0; round < REOPEN_ROUNDS; round++) {
            // a new file each round; no connection is held, so the database closes after the table is made and
            // once the writers are done, and the count is read back from the file
            DataSource file = h2(new StorageConfig.H2(dir.resolve("reopened-" + round)).jdbcUrl());
            assertThat(lostIncrements(file)).as("increments lost in round " + round).isZero();
        }
    }

    @Test
    void anH2FileAsTheEngineOpensItLosesNoCommittedWriteWhileCompactedNorAfterReopening() throws Exception {
        DataSource file = h2(new StorageConfig.H2(dir.resolve("store")).jdbcUrl());
        for (int round = 0; round < ROUNDS; round++) {
            String counter = newCounter(file);
            // a connection held while the writers run keeps the database open and compacted, as the engine's
            // pool does; when it closes, the database closes and the count is read back from the file (the rows
            // lost with RETENTION_TIME=0 on 2.3.232 showed there)
            try (Connection open = file.getConnection();
                 H2Compaction compaction = H2Compaction.start(file, "h2-compaction-test",
                         Storage.H2_COMPACTION_PERIOD_MILLIS)) {
                increment(file, counter);
                assertThat(lost(file, counter)).as("increments lost in round " + round + ", open").isZero();
            }
            assertThat(lost(file, counter)).as("increments lost in round " + round + ", reopened").isZero();
        }
    }

    @Test
    void aHostsH2PoolHasResultReuseTurnedOffWhenTheEngineStarts() throws Exception {
        DataSource host = h2("jdbc:h2:mem:host-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        try (Executions engine = Executions.builder().storage(StorageConfig.dataSource(host))
                .catalog(TestStores.CATALOG).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                assertThat(lostIncrements(host)).as("increments lost in round " + round).isZero();
            }
        }
    }

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    /** Runs the workload once on a fresh counter; returns how many increments were lost. */
    private static long lostIncrements(DataSource db) throws Exception {
        String counter = newCounter(db);
        increment(db, counter);
        return lost(db, counter);
    }

    private static String newCounter(DataSource db) throws SQLException {
        String table = "counter_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, n BIGINT NOT NULL)");
            statement.execute("INSERT INTO " + table + " VALUES (1, 0)");
        }
        return table;
    }

    /** {@link #INCREMENTS_PER_THREAD} increments of the counter on each of {@link #THREADS} threads. */
    private static void increment(DataSource db, String table) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                writers.add(pool.submit(() -> {
                    try (Connection connection = db.getConnection()) {
                        connection.setAutoCommit(false);
                        for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                            increment(connection, table);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many of the increments the counter does not show. */
    private static long lost(DataSource db, String table) throws SQLException {
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT n FROM " + table)) {
            assertThat(rs.next()).as("the counter's row is still there").isTrue();
            return (long) THREADS * INCREMENTS_PER_THREAD - rs.getLong(1);
        }
    }

    private static void increment(Connection connection, String table) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT n FROM " + table + " WHERE id = 1");
             // FOR UPDATE, as in H2's reproduction of #4208 (with the row locked by writing it, 2.3.232 loses no
             // increment without the setting either)
             PreparedStatement lock = connection.prepareStatement("SELECT n FROM " + table + " WHERE id = 1 FOR UPDATE");
             PreparedStatement write = connection.prepareStatement("UPDATE " + table + " SET n = ? WHERE id = 1")) {
            value(read);
            value(lock);
            // read committed: after the lock this must be the last committed value
            long current = value(read);
            write.setLong(1, current + 1);
            write.executeUpdate();
            connection.commit();
        }
    }

    private static long value(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
