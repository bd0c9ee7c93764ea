package io.executions.projections;

import java.time.Instant;
import java.util.List;

/**
 * ListExecutions. {@code limit} 0 means all; {@code at} null means now, else the state as of that instant.
 */
public record ExecutionListQuery(List<ExecutionFilter> filters, long offset, long limit, boolean asc,
                                 SortingColumn sortingColumn, Instant at) {
    public ExecutionListQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
        sortingColumn = sortingColumn == null ? SortingColumn.CREATED_DATE : sortingColumn;
    }

    public static ExecutionListQuery all() {
        return new ExecutionListQuery(List.of(), 0, 0, true, SortingColumn.CREATED_DATE, null);
    }
}
