package io.executions.domain.policy;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule 10: no include cycle, the execution including itself included. Any new cycle must pass through
 * the execution being set, so it suffices to search the stored graph below each new include for it.
 */
public final class IncludeCyclePolicy {
    private IncludeCyclePolicy() {
    }

    public static void check(ExecutionId self, List<ExecutionId> newIncludes, IncludeGraph graph) {
        Set<ExecutionId> visited = new HashSet<>();
        Deque<ExecutionId> todo = new ArrayDeque<>();
        for (ExecutionId include : newIncludes) {
            if (include.equals(self)) {
                throw cycle("'" + self + "' includes itself");
            }
            todo.push(include);
        }
        while (!todo.isEmpty()) {
            ExecutionId node = todo.pop();
            if (!visited.add(node)) {
                continue;
            }
            for (ExecutionId child : graph.includesOf(node)) {
                if (child.equals(self)) {
                    throw cycle("'" + self + "' would include itself through '" + node + "'");
                }
                todo.push(child);
            }
        }
    }

    private static RuntimeException cycle(String message) {
        return Rejections.precondition("EXEC-10", MessageKeys.CIRCULAR_INCLUDE, "include cycle: " + message);
    }
}
