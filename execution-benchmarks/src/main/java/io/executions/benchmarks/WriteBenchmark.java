package io.executions.benchmarks;

import io.executions.benchmarks.support.BenchStores;
import io.executions.benchmarks.support.WriteWorkload;
import io.executions.domain.api.SetExecutionResult;
import io.executions.projections.ReadModels;
import io.executions.runtime.Executions;
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

import java.util.concurrent.TimeUnit;

/**
 * Write throughput: SetExecution through the engine (aggregate, checks, lock, command-side lookup, live
 * read model, commit) against appending the same events straight to a plain Axon event store of the same
 * kind, one thread each, in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WriteBenchmark {

    /** The engine on a fresh store, with the workload's targets created. */
    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"memory", "h2", "postgresql"})
        public String store;

        final WriteWorkload workload = new WriteWorkload();
        BenchStores stores;
        Executions engine;
        long op;

        @Setup
        public void setUp() {
            stores = new BenchStores(store);
            engine = Executions.builder()
                    .storage(stores.engineStorage())
                    .catalog(workload.catalog())
                    .readSide(ReadModels::new)
                    .build();
            workload.createTargets(engine);
        }

        @TearDown
        public void tearDown() {
            engine.close();
            stores.close();
        }
    }

    /** A plain Axon event store of the same kind. */
    @State(Scope.Benchmark)
    public static class Raw {
        @Param({"memory", "h2", "postgresql"})
        public String store;

        final WriteWorkload workload = new WriteWorkload();
        BenchStores stores;
        EmbeddedEventStore eventStore;
        long op;

        @Setup
        public void setUp() {
            stores = new BenchStores(store);
            eventStore = stores.rawStore();
        }

        @TearDown
        public void tearDown() {
            stores.close();
        }
    }

    @Benchmark
    public SetExecutionResult setExecution(Engine state) {
        SetExecutionResult result = state.engine.setExecution(state.workload.command(state.op++));
        if (!result.written()) {
            throw new IllegalStateException("the workload must change the list every time");
        }
        return result;
    }

    /** The baseline: the same ExecutionSet event appended without aggregate, checks or processors. */
    @Benchmark
    public void rawAppend(Raw state) {
        state.eventStore.publish(state.workload.event(state.op++));
    }
}
