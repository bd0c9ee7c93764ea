package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.Queries;
import io.executions.benchmarks.data.ReadModelFeeder;
import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.projections.ExecutionQueries;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first resolution after a write to the same instance. The read model drops only the memoized answers a
 * write can affect, so after this unrelated write the answer still comes from the memo (before that change
 * the whole memo was replaced and the answer came from the model itself). Before each call (outside the timed region) a TargetChanged of a target no execution lists is applied
 * to the instance of that call. JMH times each call on its own here, so the figures include the timer's
 * own cost (about 20 to 30 ns on Linux); read them against the same-run {@code hashMapGet} of
 * {@link ResolutionBenchmark} with that in mind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResolutionAfterWriteBenchmark {
    @Param({"1x1000", "1x10000", "1x100000", "1000x100"})
    public String shape;

    @Param({"METHOD", "SERVICE", "ALL", "MISS", "EVENT_GROUP", "FUNCTION"})
    public String category;

    private ReadModels models;
    private ExecutionQueries queries;
    private InstanceId[] instances;
    private ResolveQuery[] calls;
    private final Map<InstanceId, long[]> writeSequence = new HashMap<>();
    private final TargetDefinition unused = new TargetDefinition("unused", TargetType.REST_ASYNC, false,
            "https://hooks.example.test/unused", Duration.ofSeconds(5), "k");
    private int next;
    /** The queries, for the smoke test. */
    List<Queries.Query> pool;

    @Setup(Level.Trial)
    public void setUp() {
        Dataset dataset = Dataset.of(shape);
        models = ReadModelFeeder.build(dataset, LockOutGuard.DEFAULT);
        queries = models.queries(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build());
        pool = Queries.of(dataset, Queries.Category.valueOf(category), ResolutionBenchmark.POOL,
                LockOutGuard.DEFAULT);
        instances = pool.stream().map(Queries.Query::instance).toArray(InstanceId[]::new);
        calls = pool.stream().map(Queries.Query::query).toArray(ResolveQuery[]::new);
        for (InstanceId instance : instances) {
            writeSequence.computeIfAbsent(instance, i -> {
                models.apply(Dataset.targetAdded(i, TargetId.of("unused"), unused, 0, Dataset.EPOCH));
                return new long[] {0};
            });
        }
        ResolutionBenchmark.verify(queries, pool);
    }

    /**
     * A write to the instance of the next call that no execution depends on: the read model drops only the
     * memoized answers a write can affect, so this measures what an unrelated write costs the next call.
     */
    @Setup(Level.Invocation)
    public void write() {
        InstanceId instance = instances[next & ResolutionBenchmark.MASK];
        long sequence = ++writeSequence.get(instance)[0];
        TargetId target = TargetId.of("unused");
        models.apply(new GenericDomainEventMessage<>(Dataset.TARGET_TYPE, AggregateIds.target(instance, target),
                sequence, new TargetChanged(instance, target, unused, false, "bench", Dataset.EPOCH),
                MetaData.emptyInstance()));
    }

    @Benchmark
    public Resolution resolveAfterWrite() {
        int k = next++ & ResolutionBenchmark.MASK;
        return queries.resolve(instances[k], calls[k]);
    }
}
