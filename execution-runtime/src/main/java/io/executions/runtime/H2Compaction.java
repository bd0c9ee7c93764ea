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
 * Keeps an embedded H2 file small while it is open (BENCHMARKS.md "Scale goals", H2 file size): forces the file to
 * disk, then rewrites the live pages of sparse chunks so the space of old chunks becomes reusable.
 *
 * <p>Why the file grew by ~40 KiB per command: with {@code WRITE_DELAY=0} (needed so an acknowledged write survives
 * a killed process) every commit writes a new MVStore chunk holding every page it changed, from leaf to root, of
 * each table and index touched (a dozen for a SetExecution). A replaced chunk's space may be reused only once the
 * chunk is older than H2's {@code RETENTION_TIME} (45 s by default; 4.18 GB after 100,000 writes), and chunks are
 * rewritten to free that space only by MVStore's background maintenance, which H2 runs on the same thread as the
 * delayed write, so never with {@code WRITE_DELAY=0}. The engine's URL sets the retention to 1 s, and this task
 * runs every 250 ms on its own daemon thread, never in a command's path:
 * <ul>
 *   <li>{@link MVStore#sync()} first, when something was committed since the last pass: H2's retention assumes
 *       the operating system writes what was written to the file to disk within that time (its 45 s default
 *       relies on the kernel's writeback, ~30 s on Linux); forcing the file every 250 ms keeps that assumption
 *       for 1 s. A killed process loses nothing either way: the kernel still holds what H2 wrote;</li>
 *   <li>then MVStore's compaction, which rewrites chunks older than the retention while less than
 *       {@link #TARGET_FILL_RATE} % of the chunks' space is live.</li>
 * </ul>
 * After 100,000 single-command writes the open file holds ~3.2 KiB per stored event (H2FileGrowth); when the last
 * connection closes, H2 compacts for up to {@code MAX_COMPACT_TIME} (8 s in the engine's URL) and the file holds
 * ~1 KiB per event.
 */
final class H2Compaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);
    /**
     * Rewrite chunks while less than this percentage of the file is live data. 50, not 80: at 80 the passes
     * took about a quarter of a single writer's throughput on two cores (FairWriteBenchmark, H2: 404 against
     * 564 SetExecution/s without compaction), while 50 keeps the open file at ~3.2 KiB per event after 100,000
     * single-command writes with the 1 s retention (H2FileGrowth; 80 made no difference to the file there).
     */
    static final int TARGET_FILL_RATE = 50;
    /** At most this many bytes rewritten per run, so one run stays short. */
    private static final int WRITE_LIMIT = 8 * 1024 * 1024;
    private final MVStore store;
    private final ScheduledExecutorService timer;
    /** The store version last forced to disk; passes run one at a time, on the timer or a test's thread. */
    private long syncedVersion = -1;
    private volatile int syncs;

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

    /**
     * One pass: force the file to disk when something was committed since the last pass (an idle engine does not
     * sync four times a second), then compact; false when nothing was rewritten.
     */
    synchronized boolean compactOnce() {
        try {
            if (store.isClosed()) {
                return false;
            }
            // read before the sync: a commit racing with it is synced again by the next pass
            long version = store.getCurrentVersion();
            if (version != syncedVersion) {
                store.sync();
                syncedVersion = version;
                syncs++;
            }
            return store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        } catch (RuntimeException e) {
            LOG.warn("H2 compaction failed (will retry): {}", e.toString());
            return false;
        }
    }

    /** How many passes forced the file to disk (tests). */
    int syncs() {
        return syncs;
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
