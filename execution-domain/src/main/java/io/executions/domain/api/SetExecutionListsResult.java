package io.executions.domain.api;

/**
 * The answer of {@link SetExecutionLists}: how many executions were written and the date of the last
 * event ({@link SetExecutionResult#NEVER} when nothing differed).
 */
public record SetExecutionListsResult(int changes, java.time.Instant setDate) {
}
