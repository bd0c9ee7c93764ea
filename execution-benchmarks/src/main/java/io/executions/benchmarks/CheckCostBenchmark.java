package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.GeneratedInstance;
import io.executions.benchmarks.data.GeneratedInstance.GeneratedExecution;
import io.executions.benchmarks.data.ShapeGenerator;
import io.executions.benchmarks.support.BenchStores;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.projections.ReadModels;
import io.executions.runtime.Executions;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of SetExecution with includes (rules 8 to 12: targets, includes set, no cycle, depth up and
 * down) when the instance already has 1k or 100k executions. The existing executions are the generated
 * dataset ({@code 1x<size>}), stored as events through the engine's own event store (its subscribing
 * command-side lookup and read models take them in as they would a command's). Each call sets one of 1000
 * unset method conditions to a list that includes a level-1 and a level-0 execution (a chain of 3, the
 * limit) and alternates with a shorter list, so every call writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CheckCostBenchmark {
    static final int WRITERS = 1000;

    @Param({"1000", "100000"})
    public int size;

    @Param({"memory", "h2"})
    public String store;

    private BenchStores stores;
    private Executions engine;
    private final List<SetExecution[]> commands = new ArrayList<>();
    private long op;

    @Setup
    public void setUp() {
        Dataset dataset = Dataset.of("1x" + size);
        stores = new BenchStores(store);
        engine = Executions.builder()
                .storage(stores.engineStorage())
                .catalog(dataset.catalog())
                .readSide(ReadModels::new)
                .build();
        load(engine.axonConfiguration().eventStore(), dataset);
        if (!engine.awaitCaughtUp(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the read models did not catch up with the loaded events");
        }
        commands.addAll(writes(dataset));
    }

    /** Publishes the dataset's events in batches, as stored events of the engine's store. */
    static void load(EventStore store, Dataset dataset) {
        List<EventMessage<?>> batch = new ArrayList<>(1000);
        dataset.forEachEvent(event -> {
            batch.add(event);
            if (batch.size() == 1000) {
                store.publish(batch);
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            store.publish(batch);
        }
    }

    /** Per writer condition, the two lists it alternates between. */
    static List<SetExecution[]> writes(Dataset dataset) {
        GeneratedInstance main = dataset.main();
        List<ExecutionId> level0 = new ArrayList<>();
        List<ExecutionId> level1 = new ArrayList<>();
        for (GeneratedExecution e : main.executions()) {
            if (e.level() == 0) {
                level0.add(e.condition().id());
            } else if (e.level() == 1) {
                level1.add(e.condition().id());
            }
        }
        List<TargetId> targets = List.copyOf(main.targets().keySet());
        List<SetExecution[]> out = new ArrayList<>(WRITERS);
        int i = 0;
        for (String service : main.services()) {
            for (String method : ShapeGenerator.methodsOf(service)) {
                if (out.size() == WRITERS) {
                    return out;
                }
                if (main.requestMethods().contains(method) || main.requestServices().contains(service)
                        || service.contains("ActionService")) {
                    continue;
                }
                Condition condition = Condition.requestMethod(method);
                List<Entry> first = List.of(new Entry.Include(level1.get(i % level1.size())),
                        new Entry.Target(targets.get(i % targets.size())),
                        new Entry.Include(level0.get((i * 7) % level0.size())));
                List<Entry> second = List.of(new Entry.Target(targets.get((i + 1) % targets.size())),
                        new Entry.Include(level0.get((i * 13 + 1) % level0.size())));
                out.add(new SetExecution[] {
                        new SetExecution(main.id(), condition, first, "bench"),
                        new SetExecution(main.id(), condition, second, "bench")});
                i++;
            }
        }
        throw new IllegalStateException("only " + out.size() + " unset methods to write to");
    }

    @TearDown
    public void tearDown() {
        engine.close();
        stores.close();
    }

    @Benchmark
    public SetExecutionResult setExecutionWithIncludes() {
        long n = op++;
        SetExecution[] pair = commands.get((int) (n % WRITERS));
        SetExecutionResult result = engine.setExecution(pair[(int) ((n / WRITERS) % 2)]);
        if (!result.written()) {
            throw new IllegalStateException("every call must write");
        }
        return result;
    }

    Executions engine() {
        return engine;
    }

    List<SetExecution[]> commands() {
        return commands;
    }
}
