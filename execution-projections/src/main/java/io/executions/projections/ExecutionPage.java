package io.executions.projections;

import java.util.List;

/** A page of ListExecutions; {@code totalResult} counts before offset and limit. */
public record ExecutionPage(long totalResult, List<ExecutionView> executions) {
}
