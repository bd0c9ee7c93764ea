package io.executions.projections;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.TargetId;

import java.util.List;

/** The filters of ListExecutions (docs/contract.md ("Reading")), AND-combined. */
public sealed interface ExecutionFilter {
    /** {@code inConditionsFilter}: the execution is one of these. */
    record InConditions(List<ExecutionId> ids) implements ExecutionFilter {
    }

    /** {@code executionTypeFilter}; a null type matches everything. */
    record OfType(ExecutionType type) implements ExecutionFilter {
    }

    /** {@code targetFilter}: lists the target directly or reaches it through includes. */
    record ReachesTarget(io.executions.domain.api.TargetId targetId) implements ExecutionFilter {
    }

    /** {@code includeFilter}: includes this execution directly. */
    record Includes(ExecutionId include) implements ExecutionFilter {
    }

    static ExecutionFilter target(TargetId id) {
        return new ReachesTarget(id);
    }
}
