package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.Queries;
import io.executions.benchmarks.support.WriteWorkload;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.SetExecution;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.ResolvedTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each benchmark's setup builds a valid model: the answers it would time are the right ones. Nothing here
 * is timed; the benchmarks themselves run only through scripts/bench.sh.
 */
class BenchmarkSetupSmokeTest {

    @ParameterizedTest
    @EnumSource(Queries.Category.class)
    void resolutionSetupAnswersEachCategoryWithTheExpectedExecution(Queries.Category category) {
        ResolutionBenchmark bench = new ResolutionBenchmark();
        bench.shape = "1x1000";
        bench.category = category.name();
        bench.setUp();

        // both benchmarks step through the same pool, one query per call
        for (int i = 0; i < 6; i += 2) {
            Resolution answer = bench.resolve();
            ExecutionId baseline = bench.hashMapGet();
            assertThat(answer.matched()).isEqualTo(bench.pool.get(i).expected());
            assertThat(answer.targets().isEmpty()).isEqualTo(bench.pool.get(i).expected() == null);
            assertThat(baseline).isEqualTo(bench.pool.get(i + 1).expected());
        }
    }

    @Test
    void resolutionOverManyInstancesMatchesInTheInstanceAsked() {
        ResolutionBenchmark bench = new ResolutionBenchmark();
        bench.shape = "1000x100";
        bench.category = "EVENT_GROUP";
        bench.setUp();

        Queries.Query first = bench.pool.get(0);
        Resolution answer = bench.resolve();

        assertThat(answer.matched()).isEqualTo(first.expected());
        assertThat(answer.matched().value()).startsWith("event/").endsWith(".*");
    }

    @Test
    void resolutionAfterAWriteStillAnswersRight() {
        ResolutionAfterWriteBenchmark bench = new ResolutionAfterWriteBenchmark();
        bench.shape = "1x1000";
        bench.category = "SERVICE";
        bench.setUp();

        for (Queries.Query query : bench.pool.subList(0, 3)) {
            bench.write();
            assertThat(bench.resolveAfterWrite().matched()).isEqualTo(query.expected());
        }
    }

    @Test
    void writeBenchmarkSetsExecutionsThroughTheEngineAndAppendsTheSameEventsRaw() {
        WriteBenchmark bench = new WriteBenchmark();
        WriteBenchmark.Engine engine = new WriteBenchmark.Engine();
        engine.store = "memory";
        engine.setUp();
        WriteBenchmark.Raw raw = new WriteBenchmark.Raw();
        raw.store = "h2";
        raw.setUp();
        try {
            for (int i = 0; i < 3; i++) {
                bench.setExecution(engine);
                bench.rawAppend(raw);
            }
            SetExecution last = engine.workload.command(2);
            Resolution answer = engine.engine.queries().resolve(WriteWorkload.INSTANCE,
                    ResolveQuery.request(last.condition().value()));

            assertThat(answer.matched()).isEqualTo(last.executionId());
            assertThat(answer.targets()).hasSize(last.entries().size());
            assertThat(raw.eventStore.readEvents(engine.workload.event(2).getAggregateIdentifier()).asStream())
                    .hasSize(1);
        } finally {
            engine.tearDown();
            raw.tearDown();
        }
    }

    @Test
    void checkCostSetupAcceptsIncludesThreeLevelsDeep() {
        CheckCostBenchmark bench = new CheckCostBenchmark();
        bench.size = 1000;
        bench.store = "memory";
        bench.setUp();
        try {
            bench.setExecutionWithIncludes();
            SetExecution first = bench.commands().get(0)[0];
            Resolution answer = bench.engine().queries().resolve(first.instance(),
                    ResolveQuery.request(first.condition().value()));

            assertThat(answer.matched()).isEqualTo(first.executionId());
            assertThat(answer.targets()).extracting(ResolvedTarget::via).anySatisfy(via -> assertThat(via).hasSize(3));
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void replaySetupStoresTheEventsAndTheRebuildEqualsTheLiveModels() throws Exception {
        ReplayBenchmark bench = new ReplayBenchmark();
        ReplayBenchmark.Store store = new ReplayBenchmark.Store();
        store.store = "h2";
        store.shape = "1x100";
        store.events = 3000;
        store.setUp();
        try {
            ReplayBenchmark.Live live = new ReplayBenchmark.Live();
            live.setUp(store);

            assertThat(store.stored).isBetween(2900L, 3100L);
            assertThat(bench.readAndDeserialize(store, new org.openjdk.jmh.infra.Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.")))
                    .isEqualTo(store.stored);
            assertThat(bench.verifyAgainstReplay(store, live).events()).isEqualTo(store.stored);
            assertThat(bench.rebuildReadModels(store).resolve(Dataset.of("1x100").main().id(),
                    ResolveQuery.function("preuserinfo")).matched()).isNotNull();
        } finally {
            store.tearDown();
        }
    }

    @Test
    void interceptorOverheadSetupAnswersThroughBothPathsWithNoExecutionOnTheMethod() {
        InterceptorOverheadBenchmark bench = new InterceptorOverheadBenchmark();
        bench.setUp(); // throws when a path does not answer or the method has an execution
        try {
            assertThat(bench.bareCall()).isEqualTo(1);
            assertThat(bench.interceptedCall()).isEqualTo(1);
        } finally {
            bench.tearDown();
        }
    }
}
