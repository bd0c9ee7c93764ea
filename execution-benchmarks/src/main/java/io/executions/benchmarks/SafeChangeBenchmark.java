package io.executions.benchmarks;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.projections.ReadModels;
import io.executions.projections.SafeChange;
import io.executions.runtime.Executions;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docs/safe-change.md at scale (memory store): a plan against a SetExecution in the same run, and a diff over the
 * last changes, in an instance of {@code executions} executions. Every 100th execution is a "base" listing
 * two targets; every other execution lists one target and includes the base of its hundred, so a plan on a
 * base has 100 affected executions and a plan on a leaf one. Keys are drawn from the whole key space.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SafeChangeBenchmark {
    static final InstanceId INSTANCE = InstanceId.of("bench-safe-change");
    static final int METHODS_PER_SERVICE = 100;
    static final int TARGETS = 20;

    @Param({"100000"})
    public int executions;

    Executions engine;
    SafeChange safe;
    Instant beforeRecentChanges;
    long op;

    static Condition condition(int i) {
        return Condition.requestMethod("/bench.S" + (i / METHODS_PER_SERVICE) + "/M" + (i % METHODS_PER_SERVICE));
    }

    static Entry target(long i) {
        return Entry.target("T" + Math.floorMod(i, TARGETS));
    }

    /** A leaf's list: its include of the base of its hundred, then one target. */
    static List<Entry> leaf(int i, long variant) {
        return List.of(Entry.include(condition(i - i % METHODS_PER_SERVICE)), target(i + variant));
    }

    @Setup
    public void setUp() {
        Map<String, List<String>> services = new LinkedHashMap<>();
        for (int s = 0; s < executions / METHODS_PER_SERVICE; s++) {
            List<String> methods = new ArrayList<>(METHODS_PER_SERVICE);
            for (int m = 0; m < METHODS_PER_SERVICE; m++) {
                methods.add("M" + m);
            }
            services.put("bench.S" + s, methods);
        }
        engine = Executions.builder().catalog(new StaticCatalog(services, List.of(), List.of()))
                .readSide(ReadModels::new).build();
        for (int t = 0; t < TARGETS; t++) {
            engine.createTarget(new CreateTarget(INSTANCE, TargetId.of("T" + t), "target " + t,
                    TargetType.REST_WEBHOOK, false, "https://example.com/" + t, Duration.ofSeconds(1), "bench"));
        }
        for (int i = 0; i < executions; i++) {
            List<Entry> entries = i % METHODS_PER_SERVICE == 0 ? List.of(target(i), target(i + 1)) : leaf(i, 0);
            engine.setExecution(new SetExecution(INSTANCE, condition(i), entries, "bench"));
        }
        safe = engine.safeChange();
        beforeRecentChanges = Instant.now();
        sleepOneMilli();
        // 100 changes after the instant the diff starts from, spread over the key space
        for (int c = 0; c < 100; c++) {
            int i = (int) ((c * 7919L) % executions);
            if (i % METHODS_PER_SERVICE == 0) {
                i++;
            }
            engine.setExecution(new SetExecution(INSTANCE, condition(i), leaf(i, 7), "bench"));
        }
    }

    private static void sleepOneMilli() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    private int key() {
        return (int) Math.floorMod(op++ * 104_729L, (long) executions);
    }

    /** A plan that changes a leaf: one affected execution. */
    @Benchmark
    public SafeChange.Plan planLeaf() {
        int i = key();
        if (i % METHODS_PER_SERVICE == 0) {
            i++;
        }
        return safe.plan(INSTANCE, new SetExecution(INSTANCE, condition(i), leaf(i, 3), "bench"), List.of());
    }

    /** A plan that changes a base: its 99 includers are affected too. */
    @Benchmark
    public SafeChange.Plan planBase() {
        int i = key();
        i -= i % METHODS_PER_SERVICE;
        return safe.plan(INSTANCE, new SetExecution(INSTANCE, condition(i), List.of(target(i + 5)), "bench"),
                List.of());
    }

    /** The baseline: the SetExecution a leaf plan describes, applied (each call changes the list). */
    @Benchmark
    public SetExecutionResult setExecution() {
        int i = key();
        if (i % METHODS_PER_SERVICE == 0) {
            i++;
        }
        SetExecutionResult result = engine.setExecution(new SetExecution(INSTANCE, condition(i), leaf(i, op), "bench"));
        return result;
    }

    /** A diff over the 100 changes made after the setup's instant (and whatever the other methods wrote). */
    @Benchmark
    public List<SafeChange.Change> diffRecent() {
        return safe.diff(INSTANCE, beforeRecentChanges, Instant.now());
    }
}
