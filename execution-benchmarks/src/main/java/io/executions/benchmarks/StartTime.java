package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.GeneratedInstance;
import io.executions.domain.api.ConditionKind;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.runtime.CatchUpStatus;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start time as a whole process (BENCHMARKS.md "Scale goals"): {@code prepare} fills an H2 store with the benchmark
 * data (n executions in one instance, written through the engine's event store in transactions of 100
 * events, so the command-side lookup and the read models are fed as by commands) and stops cleanly (which
 * leaves the read-model snapshot); {@code measure}, run in a fresh JVM, builds an engine on that store and
 * resolves the last written method until the answer is the expected execution, and prints the time since
 * the JVM started.
 *
 * <pre>
 * java -cp benchmarks.jar io.executions.benchmarks.StartTime prepare /tmp/start 100000
 * java -cp benchmarks.jar io.executions.benchmarks.StartTime measure /tmp/start
 * </pre>
 */
public final class StartTime {
    private StartTime() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("prepare")) {
            prepare(dir, Integer.parseInt(args[2]));
        } else {
            measure(dir);
        }
    }

    private static void prepare(Path dir, int size) throws Exception {
        Files.createDirectories(dir);
        Dataset dataset = Dataset.single(size);
        GeneratedInstance main = dataset.main();
        String method = null;
        String expected = null;
        for (GeneratedInstance.GeneratedExecution e : main.executions()) {
            if (e.condition().kind() == ConditionKind.REQUEST_METHOD
                    && !e.condition().value().contains(".action.")) {
                method = e.condition().value();
                expected = e.condition().id().value();
            }
        }
        long started = System.nanoTime();
        long events;
        try (Executions engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(dataset.catalog()).build()) {
            EventStore store = engine.axonConfiguration().eventStore();
            TransactionManager tx = engine.axonConfiguration().getComponent(TransactionManager.class);
            List<EventMessage<?>> batch = new ArrayList<>();
            events = dataset.forEachEvent(event -> {
                batch.add(event);
                if (batch.size() == 100) {
                    publish(store, tx, batch);
                }
            });
            publish(store, tx, batch);
            if (!engine.awaitCaughtUp(Duration.ofMinutes(10))) {
                throw new IllegalStateException("not caught up");
            }
            while (true) {
                CatchUpStatus s = engine.catchUp();
                if (s.position() >= s.head()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        Files.writeString(dir.resolve("expect.txt"), main.id().value() + "\n" + method + "\n" + expected + "\n");
        long file = Files.size(dir.resolve("executions.mv.db"));
        System.out.printf(Locale.ROOT, "{\"prepare\":%d,\"events\":%d,\"seconds\":%.1f,\"h2Bytes\":%d,"
                        + "\"bytesPerEvent\":%.0f,\"snapshotBytes\":%d}%n", size, events,
                (System.nanoTime() - started) / 1e9, file, (double) file / events,
                Files.size(dir.resolve("executions.readmodels")));
    }

    private static void publish(EventStore store, TransactionManager tx, List<EventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(tx);
        uow.execute(() -> store.publish(List.copyOf(batch)));
        batch.clear();
    }

    private static void measure(Path dir) throws Exception {
        List<String> expect = Files.readAllLines(dir.resolve("expect.txt"));
        InstanceId instance = InstanceId.of(expect.get(0));
        ResolveQuery query = ResolveQuery.request(expect.get(1));
        ExecutionId expected = ExecutionId.parse(expect.get(2));
        long buildStarted = System.nanoTime();
        try (Executions engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions"))).build()) {
            long built = System.nanoTime();
            long polls = 0;
            while (true) {
                Resolution r = engine.queries().resolve(instance, query);
                polls++;
                if (expected.equals(r.matched())) {
                    break;
                }
                Thread.onSpinWait();
            }
            long now = System.currentTimeMillis();
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1_000_000;
            CatchUpStatus status = engine.catchUp();
            System.out.printf(Locale.ROOT, "{\"processCpuMsAtFirstCorrectResolve\":%d,"
                            + "\"firstCorrectResolveMsAfterJvmStart\":%d,\"buildMs\":%.0f,"
                            + "\"resolvedMsAfterBuild\":%.0f,\"polls\":%d,\"fromSnapshot\":%s,\"epochMs\":%d}%n",
                    cpuMs, now - jvmStart, (built - buildStarted) / 1e6, (System.nanoTime() - built) / 1e6, polls,
                    status.fromSnapshot(), now);
        }
    }
}
