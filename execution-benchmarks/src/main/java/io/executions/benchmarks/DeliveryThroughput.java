package io.executions.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.executions.benchmarks.support.BenchStores;
import io.executions.benchmarks.support.DeliveryWorkload;
import io.executions.domain.api.DeliveryStatus;
import io.executions.projections.DeliverySearch;
import io.executions.projections.ReadModels;
import io.executions.runtime.DeliveryConfig;
import io.executions.runtime.Executions;
import io.executions.runtime.HttpDeliverySender;
import io.executions.runtime.StorageConfig;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery throughput and publish-to-delivered latency (docs/delivery.md) to a fast local target (a JDK HTTP
 * server on 127.0.0.1 that answers 200 at once), on one store. Prints one JSON line.
 *
 * <ol>
 *   <li>Drain: {@code backlog} events are published (4 threads) by an engine without a worker, which is closed;
 *   an engine with the worker (default settings but {@code concurrency}) is opened on the same store, and the
 *   time from the first delivery the target receives to the last gives deliveries per second (each delivery: claim, call, {@code DeliveryAttempted} + {@code DeliverySucceeded}
 *   and the row update in one transaction).</li>
 *   <li>Latency: with that engine idle, one thread publishes {@code rate} events per second for {@code seconds};
 *   for each, the time from the start of the {@code publish} call to the target receiving it. Same process, so
 *   the publish wakes the worker at once (a publish through another process waits for the next poll,
 *   {@code pollInterval}, 500 ms by default).</li>
 * </ol>
 *
 * <p>Arguments: {@code store} ({@code h2}|{@code postgresql}), {@code backlog} (5000), {@code concurrency} (8),
 * {@code rate} (100), {@code seconds} (10).
 */
public final class DeliveryThroughput {
    private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

    private DeliveryThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int latencyEvents = rate * seconds;
        int total = backlog + latencyEvents;

        AtomicLongArray received = new AtomicLongArray(total);
        AtomicInteger calls = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        ExecutorService targetThreads = Executors.newFixedThreadPool(Math.max(8, concurrency * 2));
        target.setExecutor(targetThreads);
        target.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            Matcher m = N.matcher(body);
            if (m.find()) {
                received.compareAndSet(Integer.parseInt(m.group(1)), 0, now);
            }
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.start();
        String endpoint = "http://127.0.0.1:" + target.getAddress().getPort() + "/users";
        try (BenchStores stores = new BenchStores(store)) {
            StorageConfig storage = stores.engineStorage();

            // 1. the backlog, stored by an engine without a worker
            long publishStarted = System.nanoTime();
            try (Executions publisher = Executions.builder().storage(storage).catalog(DeliveryWorkload.catalog())
                    .readSide(ReadModels::new).delivery(DeliveryConfig.builder().build()).build()) {
                DeliveryWorkload.bind(publisher, endpoint);
                ExecutorService threads = Executors.newFixedThreadPool(4);
                List<Future<Long>> acks = new ArrayList<>();
                for (int n = 0; n < backlog; n++) {
                    long event = n;
                    acks.add(threads.submit(() -> publisher.deliveries().publish(DeliveryWorkload.INSTANCE,
                            DeliveryWorkload.event(event), "bench")));
                }
                for (Future<Long> ack : acks) {
                    ack.get();
                }
                threads.shutdown();
            }
            double publishSeconds = (System.nanoTime() - publishStarted) / 1e9;

            DeliveryConfig withWorker = DeliveryConfig.builder().concurrency(concurrency)
                    .sender(new HttpDeliverySender()).build();
            try (Executions engine = Executions.builder().storage(storage).catalog(DeliveryWorkload.catalog())
                    .readSide(ReadModels::new).delivery(withWorker).build()) {
                awaitReceived(received, 0, backlog, Duration.ofMinutes(10));
                awaitNothingPending(engine);
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (int i = 0; i < backlog; i++) {
                    first = Math.min(first, received.get(i));
                    last = Math.max(last, received.get(i));
                }
                // from the first delivery received to the last: the worker's start-up is not counted
                double drainSeconds = (last - first) / 1e9;

                // 2. latency at a steady rate
                long[] started = new long[latencyEvents];
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                long t0 = System.nanoTime();
                for (int i = 0; i < latencyEvents; i++) {
                    long due = t0 + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    started[i] = System.nanoTime();
                    engine.deliveries().publish(DeliveryWorkload.INSTANCE, DeliveryWorkload.event(backlog + i),
                            "bench");
                }
                awaitReceived(received, backlog, total, Duration.ofMinutes(2));
                double[] ms = new double[latencyEvents];
                for (int i = 0; i < latencyEvents; i++) {
                    ms[i] = (received.get(backlog + i) - started[i]) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "{\"benchmark\":\"delivery\",\"store\":\"%s\",\"durability\":\"%s\","
                                + "\"backlog\":%d,\"backlogPublishPerSecond\":%.0f,\"concurrency\":%d,"
                                + "\"drainSeconds\":%.2f,\"deliveriesPerSecond\":%.0f,\"calls\":%d,"
                                + "\"latencyRatePerSecond\":%d,\"latencyEvents\":%d,\"p50Ms\":%.1f,\"p90Ms\":%.1f,"
                                + "\"p99Ms\":%.1f,\"maxMs\":%.1f}%n",
                        store, System.getenv().getOrDefault("EXECUTIONS_PG_DURABILITY", "-"), backlog,
                        backlog / publishSeconds, concurrency, drainSeconds, (backlog - 1) / drainSeconds, calls.get(), rate,
                        latencyEvents, percentile(ms, 0.50), percentile(ms, 0.90), percentile(ms, 0.99),
                        ms[ms.length - 1]);
            }
        } finally {
            target.stop(0);
            targetThreads.shutdownNow();
        }
    }

    private static void awaitReceived(AtomicLongArray received, int from, int to, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (next < to) {
            if (received.get(next) != 0) {
                next++;
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("event " + next + " was not delivered within " + timeout);
            } else {
                Thread.sleep(1);
            }
        }
    }

    private static void awaitNothingPending(Executions engine) throws InterruptedException {
        DeliverySearch pending = new DeliverySearch(List.of(new DeliverySearch.ByStatus(DeliveryStatus.PENDING)),
                0, 1, true);
        while (engine.deliveries().search(DeliveryWorkload.INSTANCE, pending).totalResult() > 0) {
            Thread.sleep(5);
        }
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
