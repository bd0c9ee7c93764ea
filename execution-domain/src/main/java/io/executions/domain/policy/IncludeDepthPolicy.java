package io.executions.domain.policy;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rule 11: the longest include chain through the execution being set, counted in executions, is at
 * most {@code maxIncludeDepth}, counting the chains that reach it from above as well as those below
 * (ZITADEL only looks below, so deeper chains can be built in steps). Runs after the cycle check, so
 * the graph it walks is acyclic.
 */
public final class IncludeDepthPolicy {
    private IncludeDepthPolicy() {
    }

    public static void check(ExecutionId self, List<ExecutionId> newIncludes, IncludeGraph graph, int maxDepth) {
        Map<ExecutionId, Integer> below = new HashMap<>();
        int down = 1;
        for (ExecutionId include : newIncludes) {
            down = Math.max(down, 1 + longest(include, graph::includesOf, below, maxDepth + 1));
        }
        int up = longest(self, graph::includersOf, new HashMap<>(), maxDepth + 1);
        int chain = up + down - 1;
        if (chain > maxDepth) {
            throw Rejections.precondition("EXEC-11", MessageKeys.MAX_LEVELS_INCLUDE,
                    "the longest include chain through '" + self + "' would have " + chain
                            + " executions; at most " + maxDepth + " are allowed");
        }
    }

    /** The longest chain starting at {@code node} in executions, cut off beyond {@code cap}. */
    private static int longest(ExecutionId node, Function<ExecutionId, ? extends Iterable<ExecutionId>> next,
                               Map<ExecutionId, Integer> memo, int cap) {
        Integer known = memo.get(node);
        if (known != null) {
            return known;
        }
        memo.put(node, cap); // guards against cycles in legacy data: treat them as too deep
        int best = 1;
        if (cap > 1) {
            for (ExecutionId child : next.apply(node)) {
                best = Math.max(best, 1 + longest(child, next, memo, cap - 1));
                if (best >= cap) {
                    break;
                }
            }
        }
        memo.put(node, best);
        return best;
    }
}
