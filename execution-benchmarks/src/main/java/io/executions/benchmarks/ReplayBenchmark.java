package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.support.BenchStores;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import io.executions.projections.ReplayProgress;
import io.executions.projections.ReplayReport;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replay: the time to rebuild every read model from a store of {@code events} stored events (the
 * {@code 1x100000} dataset, each execution set several times before its final list), against reading and
 * deserializing the same store without applying anything. Events per second = events / score. The store is
 * a plain Axon event store with the runtime's serializer, upcaster and table layout (memory, or an H2 file).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ReplayBenchmark {

    /**
     * The stored events. With {@code BENCH_CACHE} set (scripts/bench.sh sets it), an H2 store is written once
     * into that folder and read by every later fork and run, since loading a million events takes minutes.
     */
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"memory", "h2"})
        public String store;

        @Param({"1000000"})
        public long events;

        /** The dataset whose executions are set (several times each) until {@code events} are stored. */
        @Param({"1x100000"})
        public String shape;

        BenchStores stores;
        EmbeddedEventStore eventStore;
        long stored;

        @Setup
        public void setUp() throws IOException {
            String cache = System.getenv("BENCH_CACHE");
            Path marker = null;
            if (store.equals("h2") && cache != null && !cache.isBlank()) {
                Path dir = Path.of(cache).toAbsolutePath();
                Files.createDirectories(dir);
                String name = "replay-" + shape + "-" + events;
                marker = dir.resolve(name + ".count");
                if (!Files.exists(marker)) {
                    try (var old = Files.list(dir)) {
                        for (Path p : old.filter(f -> f.getFileName().toString().startsWith(name)).toList()) {
                            Files.delete(p);
                        }
                    }
                }
                stores = new BenchStores(store, dir.resolve(name));
            } else {
                stores = new BenchStores(store);
            }
            eventStore = stores.rawStore();
            if (marker != null && Files.exists(marker)) {
                stored = Long.parseLong(Files.readString(marker).trim());
            } else {
                stored = load(eventStore, shape, events);
                if (marker != null) {
                    Files.writeString(marker, Long.toString(stored));
                }
            }
        }

        @TearDown
        public void tearDown() {
            stores.close();
        }
    }

    /** Read models built from the store, for the comparison of {@link #verifyAgainstReplay}. */
    @State(Scope.Benchmark)
    public static class Live {
        ReadModels models;

        @Setup
        public void setUp(Store store) {
            models = rebuild(store.eventStore, store.stored);
        }
    }

    static long load(EmbeddedEventStore store, String shape, long events) {
        List<EventMessage<?>> batch = new ArrayList<>(1000);
        long count = Dataset.of(shape).forEachEventWithHistory(events, event -> {
            batch.add(event);
            if (batch.size() == 1000) {
                store.publish(batch);
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            store.publish(batch);
        }
        return count;
    }

    /** What replay does: every stored event, read, deserialized and applied to fresh read models. */
    static ReadModels rebuild(EmbeddedEventStore store, long expected) {
        ReadModels models = new ReadModels(LockOutGuard.DEFAULT);
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            while (stream.hasNextAvailable()) {
                models.apply(stream.nextAvailable());
                read++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        check(read, expected);
        return models;
    }

    private static void check(long read, long expected) {
        if (read != expected) {
            throw new IllegalStateException("read " + read + " events, stored " + expected);
        }
    }

    @Benchmark
    public ReadModels rebuildReadModels(Store store) {
        return rebuild(store.eventStore, store.stored);
    }

    /** The baseline: the same stream, every payload deserialized, nothing applied. */
    @Benchmark
    public long readAndDeserialize(Store store, Blackhole blackhole) {
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                blackhole.consume(stream.nextAvailable().getPayload());
                read++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        check(read, store.stored);
        return read;
    }

    /** The public check ({@code Executions.verifyReplay} calls it): rebuild plus a full comparison. */
    @Benchmark
    public ReplayReport verifyAgainstReplay(Store store, Live live) {
        ReplayReport report = live.models.verifyAgainstReplay(store.eventStore, ReplayProgress.NONE);
        if (!report.equal() || report.events() != store.stored) {
            throw new IllegalStateException("replay differs: " + report.differences().size() + " differences");
        }
        return report;
    }
}
