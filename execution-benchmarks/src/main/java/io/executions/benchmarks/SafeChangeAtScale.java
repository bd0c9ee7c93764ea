package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.GeneratedInstance;
import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecutionLists;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.projections.SafeChange;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * docs/safe-change.md at 100k executions / 1M events (issue 14): diff over the last 10, 100 and 1,000 changes and
 * revert of them, on the memory store or an H2 file, in one process.
 *
 * <p>The store is {@link Dataset#forEachEventInRounds}: {@code Dataset.single(executions)}'s targets, then
 * {@code rounds} rounds each setting every execution once in a fresh random order (the last round sets the
 * generated lists, with includes), so the last k events are k changes of distinct executions spread over the
 * whole key space. The events are written through the engine's own event store in transactions of 1,000
 * (command-side lookup and read models fed as by commands; the rules are not re-checked). An H2 store is built
 * once into {@code <dir>/pristine} and each run works on a fresh copy of it in {@code <dir>/run}; that build was
 * never finished here: through the engine (the command-side lookup's JDBC writes per event, H2 with
 * WRITE_DELAY=0) it ran at about 100 events/s on the shared 2-core machine, hours for 1M events. Mode
 * {@code h2reads} ({@link H2HistoryReads}) measures the store's part of a diff on an H2 file of the same events.
 *
 * <p>Diff: {@code diff(from, now)} with {@code from} the date of the event just before the last k (an instant
 * includes the events dated then), each answer checked against the generator. Revert: alternately forward
 * ({@code revert to from}, which writes the k old lists) and back ({@code revert to} an instant taken just
 * before the forward one, which writes the k final lists again); each is one sample, timed from
 * {@code listsAt} to the command's answer, the read model's catch-up awaited outside the timed part.
 *
 * <pre>
 * java -Xmx6g -cp benchmarks.jar io.executions.benchmarks.SafeChangeAtScale memory
 * java -Xmx2g -cp benchmarks.jar io.executions.benchmarks.SafeChangeAtScale h2reads execution-benchmarks/target/safe-change-h2
 * java -Xmx6g -cp benchmarks.jar io.executions.benchmarks.SafeChangeAtScale h2 execution-benchmarks/target/safe-change-h2
 * </pre>
 * System properties: {@code executions} (100000), {@code rounds} (10), {@code diffSamples} (20),
 * {@code revertPairs} (5), {@code windows} (10,100,1000).
 */
public final class SafeChangeAtScale {
    /** CPU time of the measuring thread: on a machine shared with other builds, wall time is mostly waiting. */
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private SafeChangeAtScale() {
    }

    /** One change of the last window: the execution and its list before and after. */
    private record Changed(ExecutionId id, List<Entry> before, List<Entry> after) {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "memory";
        int executions = Integer.getInteger("executions", 100_000);
        int rounds = Integer.getInteger("rounds", 10);
        int diffSamples = Integer.getInteger("diffSamples", 20);
        int revertPairs = Integer.getInteger("revertPairs", 5);
        int[] windows = Arrays.stream(System.getProperty("windows", "10,100,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int maxWindow = Arrays.stream(windows).max().orElse(0);

        Dataset dataset = Dataset.single(executions);
        GeneratedInstance main = dataset.main();
        InstanceId instance = main.id();

        // the generator's answer: the last maxWindow changes (they are distinct executions: one round)
        long total = dataset.targetCount() + (long) rounds * executions;
        Map<ExecutionId, List<Entry>> lists = new HashMap<>();
        List<Changed> tail = new ArrayList<>();
        long[] index = {0};
        dataset.forEachEventInRounds(rounds, event -> {
            if (event.getPayload() instanceof ExecutionSet set) {
                List<Entry> before = lists.put(set.executionId(), set.entries());
                if (index[0] >= total - maxWindow) {
                    tail.add(new Changed(set.executionId(), before == null ? List.of() : before, set.entries()));
                }
            }
            index[0]++;
        });
        lists.clear();

        Path dir = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : null;
        if (kind.equals("h2reads")) {
            H2HistoryReads.run(dataset, rounds, total, tail.stream().map(Changed::id).toList(), windows, dir,
                    diffSamples);
            return;
        }
        StorageConfig storage;
        boolean load = true;
        if (kind.equals("h2")) {
            Path pristine = dir.resolve("pristine");
            Path marker = pristine.resolve("loaded.txt");
            String expected = executions + " executions, " + rounds + " rounds, " + total + " events";
            if (!Files.exists(marker) || !Files.readString(marker).trim().equals(expected)) {
                deleteRecursively(pristine);
                Files.createDirectories(pristine);
                long started = System.nanoTime();
                try (Executions engine = Executions.builder().storage(StorageConfig.h2(pristine.resolve("executions")))
                        .catalog(dataset.catalog()).build()) {
                    loadInto(engine, dataset, rounds, total);
                }
                Files.writeString(marker, expected + "\n");
                log("built the pristine H2 store in %.0f s (%d bytes)", (System.nanoTime() - started) / 1e9,
                        Files.size(pristine.resolve("executions.mv.db")));
            }
            Path run = dir.resolve("run");
            deleteRecursively(run);
            Files.createDirectories(run);
            try (Stream<Path> files = Files.list(pristine)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("executions")).toList()) {
                    Files.copy(f, run.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            storage = StorageConfig.h2(run.resolve("executions"));
            load = false;
        } else {
            storage = StorageConfig.memory();
        }

        long startedEngine = System.nanoTime();
        try (Executions engine = Executions.builder().storage(storage).catalog(dataset.catalog()).build()) {
            if (load) {
                loadInto(engine, dataset, rounds, total);
            }
            await(engine);
            log("engine ready in %.0f s (%s, %d events, %d executions)", (System.nanoTime() - startedEngine) / 1e9,
                    kind, engine.eventCount(), executions);
            SafeChange safe = engine.safeChange();
            EventStore store = engine.axonConfiguration().eventStore();

            for (int k : windows) {
                List<Changed> window = tail.subList(tail.size() - k, tail.size());
                Instant from = Dataset.dateOfEvent(total - k - 1);
                for (int i = 0; i < 3; i++) {
                    check(safe.diff(instance, from, engine.clock().instant()), window);
                }
                String load1 = loadAverage();
                long[] samples = new long[diffSamples];
                long[] cpu = new long[diffSamples];
                for (int i = 0; i < diffSamples; i++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    List<SafeChange.Change> changes = safe.diff(instance, from, engine.clock().instant());
                    samples[i] = System.nanoTime() - t0;
                    cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
                    check(changes, window);
                    if (i == 0) {
                        log("diff over %d changes: %d executions in the answer", k, changes.size());
                    }
                }
                report(kind, "diff", k, samples, load1);
                report(kind, "diffThreadCpu", k, cpu, load1);
                // the part of it that reads histories: one aggregate stream per changed execution
                long[] reads = new long[diffSamples];
                for (int i = 0; i < diffSamples; i++) {
                    long t0 = System.nanoTime();
                    long events = 0;
                    for (Changed c : window) {
                        DomainEventStream stream = store.readEvents(AggregateIds.execution(instance, c.id()), 0L);
                        while (stream.hasNext()) {
                            stream.next().getPayload();
                            events++;
                        }
                    }
                    reads[i] = System.nanoTime() - t0;
                    if (events < (long) k * rounds) {
                        throw new IllegalStateException("read " + events + " events of " + k + " executions");
                    }
                }
                report(kind, "historyReads", k, reads, load1);
            }

            for (int k : windows) {
                List<Changed> window = tail.subList(tail.size() - k, tail.size());
                int differing = (int) window.stream().filter(c -> !c.before().equals(c.after())).count();
                Instant from = Dataset.dateOfEvent(total - k - 1);
                String load1 = loadAverage();
                long[] forward = new long[revertPairs];
                long[] back = new long[revertPairs];
                long[] cpu = new long[2 * revertPairs];
                for (int i = -1; i < revertPairs; i++) { // i = -1: one pair of warm-up
                    Instant beforeForward = engine.clock().instant();
                    Thread.sleep(2);
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    SetExecutionListsResult res = revert(engine, safe, instance, from);
                    long t1 = System.nanoTime();
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    expect(res.changes(), differing, "forward revert of " + k);
                    await(engine);
                    Thread.sleep(2);
                    long c2 = THREADS.getCurrentThreadCpuTime();
                    long t2 = System.nanoTime();
                    res = revert(engine, safe, instance, beforeForward);
                    long t3 = System.nanoTime();
                    long c3 = THREADS.getCurrentThreadCpuTime();
                    expect(res.changes(), differing, "back revert of " + k);
                    await(engine);
                    if (i >= 0) {
                        forward[i] = t1 - t0;
                        back[i] = t3 - t2;
                        cpu[2 * i] = c1 - c0;
                        cpu[2 * i + 1] = c3 - c2;
                    }
                }
                report(kind, "revertForward", k, forward, load1);
                report(kind, "revertBack", k, back, load1);
                report(kind, "revertThreadCpu", k, cpu, load1);
            }
        }
    }

    private static SetExecutionListsResult revert(Executions engine, SafeChange safe, InstanceId instance, Instant to) {
        List<SetExecutionLists.Wanted> wanted = safe.listsAt(instance, to, null);
        return engine.setExecutionLists(new SetExecutionLists(instance, wanted, "bench"));
    }

    private static void expect(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " wrote " + actual + " lists, expected " + expected);
        }
    }

    /** Every window change whose list differs is in the diff with its two lists; nothing else changed lists. */
    private static void check(List<SafeChange.Change> changes, List<Changed> window) {
        Map<ExecutionId, SafeChange.Change> byId = new HashMap<>();
        for (SafeChange.Change c : changes) {
            byId.put(c.executionId(), c);
        }
        Set<ExecutionId> inWindow = new HashSet<>();
        for (Changed c : window) {
            inWindow.add(c.id());
            SafeChange.Change found = byId.get(c.id());
            if (!c.before().equals(c.after())) {
                if (found == null || !found.before().equals(c.before()) || !found.after().equals(c.after())) {
                    throw new IllegalStateException("diff misses or misreports " + c.id() + ": " + found);
                }
            }
        }
        for (SafeChange.Change c : changes) {
            if (!inWindow.contains(c.executionId()) && !c.before().equals(c.after())) {
                throw new IllegalStateException("diff reports a list change outside the window: " + c);
            }
        }
    }

    private static void loadInto(Executions engine, Dataset dataset, int rounds, long total) {
        EventStore store = engine.axonConfiguration().eventStore();
        TransactionManager tx = engine.axonConfiguration().getComponent(TransactionManager.class);
        List<EventMessage<?>> batch = new ArrayList<>(1000);
        long started = System.nanoTime();
        long written = dataset.forEachEventInRounds(rounds, event -> {
            batch.add(event);
            if (batch.size() == 1000) {
                publish(store, tx, batch);
            }
        });
        publish(store, tx, batch);
        if (written != total) {
            throw new IllegalStateException("wrote " + written + " events, expected " + total);
        }
        await(engine);
        log("loaded %d events in %.0f s", written, (System.nanoTime() - started) / 1e9);
    }

    private static void publish(EventStore store, TransactionManager tx, List<EventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        if (tx != null) {
            uow.attachTransaction(tx);
        }
        uow.execute(() -> store.publish(List.copyOf(batch)));
        batch.clear();
    }

    private static void await(Executions engine) {
        if (!engine.awaitCaughtUp(Duration.ofMinutes(30))) {
            throw new IllegalStateException("the read models did not catch up");
        }
    }

    static void report(String kind, String what, int k, long[] nanos, String loadBefore) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(Locale.ROOT, "{\"store\":\"%s\",\"op\":\"%s\",\"changes\":%d,\"samples\":%d,"
                        + "\"p50ms\":%.2f,\"p99ms\":%.2f,\"minMs\":%.2f,\"maxMs\":%.2f,\"load\":\"%s -> %s\"}%n",
                kind, what, k, n, sorted[(n - 1) / 2] / 1e6, sorted[(int) Math.ceil(0.99 * n) - 1] / 1e6,
                sorted[0] / 1e6, sorted[n - 1] / 1e6, loadBefore, loadAverage());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "# " + format + "%n", args);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
