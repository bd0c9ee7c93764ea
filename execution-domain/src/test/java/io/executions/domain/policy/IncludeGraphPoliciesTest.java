package io.executions.domain.policy;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules 10, 11 and 12 as pure functions of a graph, without Axon. */
class IncludeGraphPoliciesTest {
    private final Map<ExecutionId, List<ExecutionId>> edges = new HashMap<>();
    private final IncludeGraph graph = new IncludeGraph() {
        @Override
        public Collection<ExecutionId> includesOf(ExecutionId id) {
            return edges.getOrDefault(id, List.of());
        }

        @Override
        public Collection<ExecutionId> includersOf(ExecutionId id) {
            List<ExecutionId> result = new ArrayList<>();
            edges.forEach((from, to) -> {
                if (to.contains(id)) {
                    result.add(from);
                }
            });
            return result;
        }
    };

    private static ExecutionId id(String name) {
        return new ExecutionId("function/" + name);
    }

    private void edge(String from, String... to) {
        edges.put(id(from), java.util.Arrays.stream(to).map(IncludeGraphPoliciesTest::id).toList());
    }

    @Test
    void aSelfIncludeIsACycle() {
        assertThatThrownBy(() -> IncludeCyclePolicy.check(id("x"), List.of(id("x")), graph))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                    assertThat(r.messageKey()).isEqualTo(MessageKeys.CIRCULAR_INCLUDE);
                });
    }

    @Test
    void aLongCycleBackToTheExecutionIsFound() {
        edge("a", "b");
        edge("b", "c");
        edge("c", "d");
        edge("d", "x");
        assertThatThrownBy(() -> IncludeCyclePolicy.check(id("x"), List.of(id("a")), graph))
                .isInstanceOf(Rejection.class);
    }

    @Test
    void aDiamondIsNotACycle() {
        edge("a", "c");
        edge("b", "c");
        assertThatCode(() -> IncludeCyclePolicy.check(id("x"), List.of(id("a"), id("b")), graph))
                .doesNotThrowAnyException();
    }

    @Test
    void depthCountsExecutionsSoThreeFitTheDefault() {
        edge("a", "b");
        assertThatCode(() -> IncludeDepthPolicy.check(id("x"), List.of(id("a")), graph, 3)).doesNotThrowAnyException();
        edge("b", "c");
        assertThatThrownBy(() -> IncludeDepthPolicy.check(id("x"), List.of(id("a")), graph, 3))
                .isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.messageKey()).isEqualTo(MessageKeys.MAX_LEVELS_INCLUDE));
    }

    @Test
    void depthAddsTheChainAboveToTheChainBelow() {
        edge("p", "x");
        edge("a", "b");
        // p -> x -> a -> b: four executions
        assertThatThrownBy(() -> IncludeDepthPolicy.check(id("x"), List.of(id("a")), graph, 3))
                .isInstanceOf(Rejection.class);
        assertThatCode(() -> IncludeDepthPolicy.check(id("x"), List.of(id("a")), graph, 4)).doesNotThrowAnyException();
    }

    @Test
    void depthTakesTheLongestOfSeveralBranches() {
        edge("a", "b");
        edge("b", "c");
        assertThatThrownBy(() -> IncludeDepthPolicy.check(id("x"), List.of(id("z"), id("a")), graph, 3))
                .isInstanceOf(Rejection.class);
    }

    @Test
    void anExecutionWithoutIncludesHasDepthOne() {
        assertThatCode(() -> IncludeDepthPolicy.check(id("x"), List.of(), graph, 1)).doesNotThrowAnyException();
        edge("p", "x");
        assertThatThrownBy(() -> IncludeDepthPolicy.check(id("x"), List.of(), graph, 1)).isInstanceOf(Rejection.class);
    }

    @Test
    void clearingIsRefusedOnlyWhileIncluded() {
        assertThatCode(() -> StillIncludedPolicy.check(id("x"), true, List.of())).doesNotThrowAnyException();
        assertThatCode(() -> StillIncludedPolicy.check(id("x"), false, List.of(id("p")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> StillIncludedPolicy.check(id("x"), true, List.of(id("q"), id("p"))))
                .isInstanceOf(Rejection.class)
                .hasMessageContaining("'function/p', 'function/q'");
    }
}
