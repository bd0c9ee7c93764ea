package io.executions.projections;

import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;

import java.time.Instant;
import java.util.List;

/** An execution as the read model stores it: its list (deleted targets included) and its last change. */
record StoredExecution(ExecutionId id, Condition condition, List<Entry> entries, Instant changeDate) {
}
