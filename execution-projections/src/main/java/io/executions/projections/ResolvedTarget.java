package io.executions.projections;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.util.List;

/**
 * A target to call, with its full definition and why it is there: {@code via} runs from the matched
 * execution down to the one that lists the target, both included.
 */
public record ResolvedTarget(TargetId id, TargetDefinition definition, List<ExecutionId> via) {
}
