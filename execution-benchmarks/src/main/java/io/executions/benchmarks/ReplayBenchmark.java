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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replay: the time to rebuild every read model from a store of {@code events} stored events (the
 * {@code 1x100000} dataset, each execution set several times before its final list), against reading and
 * deserializing the same store without applying anything. Events per second = events / score. The store is
 * a plain Axon event store with the runtime's serializer, upcaster and table layout (memory, or an H2 file).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ReplayBenchmark {
    @Param({"memory", "h2"})
    public String store;

    @Param({"1000000"})
    public long events;

    /** The dataset whose executions are set (several times each) until {@code events} are stored. */
    @Param({"1x100000"})
    public String shape;

    private BenchStores stores;
    private EmbeddedEventStore eventStore;
    private long stored;
    private ReadModels live;

    long stored() {
        return stored;
    }

    @Setup
    public void setUp() {
        stores = new BenchStores(store);
        eventStore = stores.rawStore();
        stored = load(eventStore, shape, events);
        live = rebuild(eventStore, stored);
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

    @TearDown
    public void tearDown() {
        stores.close();
    }

    @Benchmark
    public ReadModels rebuildReadModels() {
        return rebuild(eventStore, stored);
    }

    /** The baseline: the same stream, every payload deserialized, nothing applied. */
    @Benchmark
    public long readAndDeserialize(Blackhole blackhole) {
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                blackhole.consume(stream.nextAvailable().getPayload());
                read++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        check(read, stored);
        return read;
    }

    /** The public check ({@code Executions.verifyReplay} calls it): rebuild plus a full comparison. */
    @Benchmark
    public ReplayReport verifyAgainstReplay() {
        ReplayReport report = live.verifyAgainstReplay(eventStore, ReplayProgress.NONE);
        if (!report.equal() || report.events() != stored) {
            throw new IllegalStateException("replay differs: " + report.differences().size() + " differences");
        }
        return report;
    }
}
