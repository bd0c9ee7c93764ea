package io.executions.projections;

import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;

import java.time.Instant;
import java.util.List;

/**
 * One result of ListExecutions: {@code creationDate} is its first ExecutionSet ever (kept across a clear),
 * {@code targets} its entries with deleted targets left out, {@code direct} only with a target filter
 * (true when its own list names the target), else null.
 */
public record ExecutionView(ExecutionId id, Condition condition, Instant creationDate, Instant changeDate,
                            List<Entry> targets, Boolean direct) {
}
