package io.executions.runtime;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rewrites the live pages of sparse chunks of an embedded H2 file, so the space of old chunks becomes reusable
 * (BENCHMARKS.md "Scale goals", H2 file size).
 *
 * <p>Why the file grows by ~40 KiB per command: with {@code WRITE_DELAY=0} (needed so an acknowledged write
 * survives a killed process) every commit writes a new MVStore chunk holding every page it changed, from leaf to
 * root, of each table and index touched. The old versions of those pages stay in the file for H2's
 * {@code RETENTION_TIME} (45 s), and their chunks are rewritten to reclaim the space only by MVStore's background
 * maintenance, which H2 runs on the same thread as the delayed write, so never with {@code WRITE_DELAY=0}. This
 * task runs MVStore's compaction every 250 ms on its own daemon thread, never in a command's path; H2 also
 * compacts at close. The retention stays at 45 s while the engine runs: at 0, which kept the file at 3.4 KiB per
 * event, H2 2.3.232 lost committed rows under concurrent commits (H2StaleResultTest), so while open a burst of writes
 * grows the file by up to ~40 KiB per write (4.18 GB after 100,000 writes in 129 s: chunks are reusable only once
 * 45 s old, and the file never shrinks while open); when the last connection closes, H2 itself drops
 * it to 0 and compacts for up to {@code MAX_COMPACT_TIME} (8 s in the engine's URL, 200 ms by default), which gives
 * that space back.
 */
final class H2Compaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);
    /**
     * Rewrite chunks while less than this percentage of the file is live data. 50, not 80: at 80 the passes
     * took about a quarter of a single writer's throughput on two cores (FairWriteBenchmark, H2: 404 against
     * 564 SetExecution/s without compaction), while 50 kept the file at 1.8 KiB per event after 100,000
     * single-command writes (H2FileGrowth, then with a retention of 0, since withdrawn).
     */
    static final int TARGET_FILL_RATE = 50;
    /** At most this many bytes rewritten per run, so one run stays short. */
    private static final int WRITE_LIMIT = 8 * 1024 * 1024;
    private final MVStore store;
    private final ScheduledExecutorService timer;

    private H2Compaction(MVStore store, String name, long periodMillis) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::compactOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts compacting the H2 database behind this pool. */
    static H2Compaction start(DataSource pool, String name, long periodMillis) {
        try (Connection connection = pool.getConnection()) {
            // H2's public API has no online compaction; its own MVStore does (the same call H2's maintenance makes)
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            MVStore store = session.getDatabase().getStore().getMvStore();
            return new H2Compaction(store, name, periodMillis);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the H2 store to compact it", e);
        }
    }

    /** One compaction pass; false when nothing was rewritten. */
    boolean compactOnce() {
        try {
            return !store.isClosed() && store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        } catch (RuntimeException e) {
            LOG.warn("H2 compaction failed (will retry): {}", e.toString());
            return false;
        }
    }

    /** Stops the task and waits for a running pass; call before the database closes. */
    @Override
    public void close() {
        // not shutdownNow(): an interrupt during a pass's file write closes H2's file channel
        // (ClosedByInterruptException) and H2 then treats the store as broken; a pass is bounded by WRITE_LIMIT
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
