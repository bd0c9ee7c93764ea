package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.Queries;
import io.executions.benchmarks.data.ReadModelFeeder;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.projections.ExecutionQueries;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
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

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Resolution latency (docs/contract.md ("Resolution")) from the live read model, per category of call and size, against a
 * bare {@code HashMap.get} of the matched execution's key in the same run. The read model is built by
 * handing generated events to the live projector. Each benchmark cycles through 1024 different queries
 * of its category, so this is the steady state of a host calling many methods (the read model memoizes
 * answers; {@link ResolutionAfterWriteBenchmark} measures the first call after a write).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResolutionBenchmark {
    static final int POOL = 1024;
    static final int MASK = POOL - 1;

    @Param({"1x1000", "1x10000", "1x100000", "1000x100"})
    public String shape;

    @Param({"METHOD", "SERVICE", "ALL", "MISS", "EVENT_GROUP", "FUNCTION"})
    public String category;

    private ExecutionQueries queries;
    private InstanceId[] instances;
    private ResolveQuery[] calls;
    private String[] keys;
    private Map<String, ExecutionId> baseline;
    private int next;
    /** The queries, for the smoke test. */
    List<Queries.Query> pool;

    @Setup
    public void setUp() {
        Dataset dataset = Dataset.of(shape);
        ReadModels models = ReadModelFeeder.build(dataset, LockOutGuard.DEFAULT);
        queries = models.queries(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build());
        pool = Queries.of(dataset, Queries.Category.valueOf(category), POOL, LockOutGuard.DEFAULT);
        instances = pool.stream().map(Queries.Query::instance).toArray(InstanceId[]::new);
        calls = pool.stream().map(Queries.Query::query).toArray(ResolveQuery[]::new);
        keys = pool.stream().map(Queries.Query::baselineKey).toArray(String[]::new);
        baseline = Queries.baselineMap(dataset);
        verify(queries, pool);
    }

    /** Refuses to measure a model that answers wrongly. */
    static void verify(ExecutionQueries queries, List<Queries.Query> pool) {
        for (Queries.Query q : pool) {
            Resolution r = queries.resolve(q.instance(), q.query());
            if (!Objects.equals(r.matched(), q.expected()) || (q.expected() != null) == r.targets().isEmpty()) {
                throw new IllegalStateException("resolution of " + q + " answered " + r.matched() + " with "
                        + r.targets().size() + " targets");
            }
        }
    }

    @TearDown
    public void tearDown() {
        queries = null;
        baseline = null;
    }

    @Benchmark
    public Resolution resolve() {
        int k = next++ & MASK;
        return queries.resolve(instances[k], calls[k]);
    }

    /** The baseline: one bare HashMap.get of the key of the execution that matches (same keys, same order). */
    @Benchmark
    public ExecutionId hashMapGet() {
        int k = next++ & MASK;
        return baseline.get(keys[k]);
    }
}
