package io.executions.benchmarks.data;

import io.executions.benchmarks.data.GeneratedInstance.GeneratedExecution;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.TargetId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated data has the shape of the ZITADEL peer's gen_data.py, and the command side would accept it. */
class DatasetShapeTest {
    private final GeneratedInstance main = Dataset.of("1x10000").main();

    @Test
    void conditionsAreSplitAsInThePeersGenerator() {
        Map<ExecutionType, Long> byType = main.executions().stream()
                .collect(Collectors.groupingBy(e -> e.condition().type(), Collectors.counting()));

        assertThat(byType).containsEntry(ExecutionType.REQUEST, 4000L).containsEntry(ExecutionType.RESPONSE, 3000L)
                .containsEntry(ExecutionType.EVENT, 2000L).containsEntry(ExecutionType.FUNCTION, 1000L);
    }

    @Test
    void aboutAFifthOfTheExecutionsHaveIncludesAndEveryExecutionHasOneToFiveEntries() {
        long withIncludes = main.executions().stream().filter(e -> e.level() > 0).count();

        assertThat(withIncludes).isEqualTo(2000);
        assertThat(main.executions()).allSatisfy(e -> assertThat(e.entries()).hasSizeBetween(1, 5));
        assertThat(main.targets()).hasSize(500);
    }

    @Test
    void everyIncludeNamesAnEarlierExecutionAndNoChainIsLongerThanThree() {
        Map<ExecutionId, GeneratedExecution> earlier = new HashMap<>();
        for (GeneratedExecution execution : main.executions()) {
            for (Entry entry : execution.entries()) {
                if (entry instanceof Entry.Include include) {
                    assertThat(earlier).containsKey(include.include());
                }
            }
            earlier.put(execution.condition().id(), execution);
        }
        assertThat(main.executions()).allSatisfy(e -> assertThat(depth(e, earlier)).isLessThanOrEqualTo(3));
        assertThat(main.executions()).anySatisfy(e -> assertThat(depth(e, earlier)).isEqualTo(3));
    }

    @Test
    void noEntryIsListedTwiceAndEveryTargetExists() {
        for (GeneratedExecution execution : main.executions()) {
            assertThat(new HashSet<>(execution.entries())).hasSameSizeAs(execution.entries());
            Set<TargetId> named = execution.entries().stream().filter(e -> e instanceof Entry.Target)
                    .map(e -> ((Entry.Target) e).target()).collect(Collectors.toSet());
            assertThat(main.targets().keySet()).containsAll(named);
        }
    }

    @Test
    void theOtherInstancesAreAQuarterTheSizeAndHaveNoAllExecutions() {
        List<GeneratedInstance> others = Dataset.of("1x10000").instances().subList(1, 5);

        assertThat(others).allSatisfy(i -> {
            assertThat(i.executions()).hasSize(2500);
            assertThat(i.withAll()).isFalse();
            assertThat(i.executions()).noneMatch(e -> e.condition().kind().isAll());
        });
    }

    @Test
    void theCatalogHoldsEveryCondition() {
        Dataset dataset = Dataset.of("1x1000");
        var catalog = dataset.catalog();

        assertThat(dataset.instances()).allSatisfy(i -> assertThat(i.executions()).allSatisfy(e -> {
            var c = e.condition();
            boolean known = switch (c.kind()) {
                case REQUEST_METHOD, RESPONSE_METHOD -> catalog.hasMethod(c.value());
                case REQUEST_SERVICE, RESPONSE_SERVICE -> catalog.hasService(c.value());
                case EVENT -> catalog.hasEventType(c.value());
                case EVENT_GROUP -> catalog.hasEventGroup(c.value());
                case FUNCTION -> catalog.hasFunction(c.value());
                default -> true;
            };
            assertThat(known).as(c.toString()).isTrue();
        }));
    }

    private static int depth(GeneratedExecution execution, Map<ExecutionId, GeneratedExecution> all) {
        int deepest = 0;
        for (Entry entry : execution.entries()) {
            if (entry instanceof Entry.Include include) {
                deepest = Math.max(deepest, depth(all.get(include.include()), all));
            }
        }
        return deepest + 1;
    }

    @Test
    void theRoundsSetEveryExecutionOncePerRoundInDateOrderAndEndWithTheGeneratedLists() {
        Dataset dataset = Dataset.single(200);
        Map<ExecutionId, List<Entry>> last = new HashMap<>();
        Map<ExecutionId, Long> sequences = new HashMap<>();
        List<java.time.Instant> dates = new java.util.ArrayList<>();
        long events = dataset.forEachEventInRounds(3, event -> {
            dates.add(event.getTimestamp());
            if (event.getPayload() instanceof io.executions.domain.api.ExecutionSet set) {
                assertThat(event.getSequenceNumber()).isEqualTo(sequences.merge(set.executionId(), 0L, (a, b) -> a + 1));
                last.put(set.executionId(), set.entries());
            }
        });

        assertThat(events).isEqualTo(dataset.targetCount() + 3L * 200).isEqualTo(dates.size());
        for (int i = 0; i < dates.size(); i++) {
            assertThat(dates.get(i)).isEqualTo(Dataset.dateOfEvent(i));
        }
        assertThat(sequences.values()).containsOnly(2L).hasSize(200);
        for (GeneratedExecution execution : dataset.main().executions()) {
            assertThat(last.get(execution.condition().id())).isEqualTo(execution.entries());
        }
    }
}
