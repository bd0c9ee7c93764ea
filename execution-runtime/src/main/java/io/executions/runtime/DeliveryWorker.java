package io.executions.runtime;

import io.executions.projections.ExecutionQueries;
import io.executions.projections.TargetView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers due deliveries: one poller thread claims as many as there are free slots (at most
 * {@code concurrency} attempts run at once) and hands each to a pool thread, which calls the target
 * through the {@link DeliverySender} and records the outcome while still holding the claim. A publish in
 * this process wakes the poller at once; otherwise it polls every {@code pollInterval}.
 *
 * <p>Shutdown: the poller stops claiming, running attempts get {@code shutdownGrace} to finish and be
 * recorded, then the rest are interrupted and every claim this node still holds is released, so another
 * process (or the next start) attempts them without waiting for the lease.
 */
final class DeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** An attempt ends this long before its claim runs out, so the outcome is recorded under the claim. */
    private static final Duration LEASE_MARGIN = Duration.ofMillis(500);

    private final Deliveries deliveries;
    private final ExecutionQueries queries;
    private final DeliverySender sender;
    private final DeliveryConfig config;
    private final String node;
    private final String actor;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService pool;
    private final Thread poller;
    private final Object wake = new Object();
    private boolean woken;
    private volatile boolean running = true;

    private final java.util.function.BooleanSupplier ready;
    private final java.util.function.BiPredicate<io.executions.domain.api.InstanceId, io.executions.domain.api.TargetId>
            targetExists;

    /**
     * @param ready        true once the read models have caught up with the store (targets are read from them)
     * @param targetExists the command side's strongly consistent answer, to tell a deleted target from one the
     *                     read models have not seen yet (written by another process a moment ago)
     */
    DeliveryWorker(Deliveries deliveries, ExecutionQueries queries, DeliveryConfig config, String node,
                   java.util.function.BooleanSupplier ready,
                   java.util.function.BiPredicate<io.executions.domain.api.InstanceId, io.executions.domain.api.TargetId>
                           targetExists) {
        this.ready = ready;
        this.targetExists = targetExists;
        this.deliveries = deliveries;
        this.queries = queries;
        this.sender = config.sender();
        this.config = config;
        this.node = node;
        this.actor = "delivery-worker@" + node;
        this.slots = new Semaphore(config.concurrency());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrency(), task -> {
            Thread t = new Thread(task, "executions-" + node + "-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.poller = new Thread(this::poll, "executions-" + node + "-delivery-poller");
        this.poller.setDaemon(true);
    }

    void start() {
        deliveries.onPublish(this::wake);
        poller.start();
    }

    int inFlight() {
        return inFlight.get();
    }

    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void poll() {
        // targets are read from the read models, which are rebuilt at start: claim nothing before they are
        while (running && !ready.getAsBoolean()) {
            pause(config.pollInterval().toMillis());
        }
        long backoffMs = 0;
        while (running) {
            int claimedCount = 0;
            try {
                int free = slots.availablePermits();
                if (free > 0) {
                    List<DeliveryRow> claimed = deliveries.claim(node, free);
                    claimedCount = claimed.size();
                    for (DeliveryRow row : claimed) {
                        slots.acquireUninterruptibly();
                        inFlight.incrementAndGet();
                        try {
                            pool.execute(() -> attempt(row));
                        } catch (RuntimeException rejected) {
                            inFlight.decrementAndGet();
                            slots.release();
                            deliveries.release(node, row.id());
                        }
                    }
                }
                backoffMs = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                backoffMs = Math.min(5_000, Math.max(100, backoffMs * 2));
                LOG.warn("claiming deliveries failed; retrying in {} ms: {}", backoffMs, e.toString());
            }
            boolean full = slots.availablePermits() == 0;
            if (claimedCount == 0 || full || backoffMs > 0) {
                pause(backoffMs > 0 ? backoffMs : config.pollInterval().toMillis());
            }
        }
    }

    private void pause(long ms) {
        synchronized (wake) {
            if (!woken && running) {
                try {
                    wake.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    private void attempt(DeliveryRow row) {
        try {
            Optional<TargetView> target = queries.target(row.instance(), row.targetId());
            if (target.isEmpty()) {
                if (targetExists.test(row.instance(), row.targetId())) {
                    // created a moment ago by another process: the read models have not seen it yet; look
                    // again after a poll interval (the claim is not an attempt: nothing is recorded)
                    deliveries.holdBack(node, row.id(), config.pollInterval());
                } else {
                    deliveries.recordTargetGone(row.id(), node, actor);
                }
                return;
            }
            long leftMs = row.claimUntil().toEpochMilli() - System.currentTimeMillis() - LEASE_MARGIN.toMillis();
            long timeoutMs = Math.max(1, Math.min(target.get().definition().timeout().toMillis(), leftMs));
            DeliveryCall call = new DeliveryCall(row.instance(), row.id(), target.get(), row.body(),
                    row.attempts() + 1, timeoutMs);
            DeliveryOutcome outcome = call(call, timeoutMs);
            deliveries.metricsSink().attempt(row.instance(), row.targetId(), outcome.outcome(), outcome.durationMs());
            if (!running && Thread.currentThread().isInterrupted()) {
                return;
            }
            if (!deliveries.recordAttempt(row.id(), node, outcome, actor)) {
                LOG.warn("delivery {}: the claim was lost before the attempt was recorded; it will be attempted again",
                        row.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("delivery {}: recording the attempt failed; it will be attempted again after its lease: {}",
                    row.id(), e.toString());
        } finally {
            inFlight.decrementAndGet();
            slots.release();
            wake();
        }
    }

    private DeliveryOutcome call(DeliveryCall call, long timeoutMs) {
        long started = System.nanoTime();
        var future = sender.send(call);
        try {
            // the sender bounds the call itself; this only guards against one that does not
            return future.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return DeliveryOutcome.timeout(elapsedMs(started), "no answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failed(0, elapsedMs(started), "interrupted at shutdown");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return DeliveryOutcome.failed(0, elapsedMs(started), cause.toString());
        }
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            poller.join(Math.max(1000, config.pollInterval().toMillis() * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        try {
            int released = deliveries.release(node, null);
            if (released > 0) {
                LOG.info("released {} delivery claims at shutdown", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not release delivery claims at shutdown (they expire with their lease): {}", e.toString());
        }
    }
}
