package io.executions.domain.policy;

import io.executions.domain.api.ExecutionId;

import java.util.Collection;

/** The stored include edges of one instance, as the graph policies see them. */
public interface IncludeGraph {
    /** The executions that {@code id}'s stored list includes, in order (empty when unset or cleared). */
    Collection<ExecutionId> includesOf(ExecutionId id);

    /** The executions whose stored list includes {@code id}. */
    Collection<ExecutionId> includersOf(ExecutionId id);
}
