package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.domain.api.ExecutionId;

import java.util.List;

/**
 * What running a chain gave.
 *
 * @param executionId the matched execution, null when nothing matched (or the call is lock-out guarded)
 * @param failure     non-null when the chain was interrupted: the host's call fails with it
 * @param message     the message after the call targets (request, response, event payload, or a function's
 *                    merged result)
 * @param calls       one entry per target called, in order; an interrupted chain's list ends at the failing call
 */
public record ChainResult(ExecutionId executionId, ChainFailure failure, JsonNode message,
                          List<TargetOutcome> calls) {
    public ChainResult {
        calls = List.copyOf(calls);
    }

    public boolean interrupted() {
        return failure != null;
    }

    public boolean matched() {
        return executionId != null;
    }
}
