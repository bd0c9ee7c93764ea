package io.executions.projections;

/** {@code sortingColumn} of ListExecutions; ties are broken by execution id in the same direction. */
public enum SortingColumn {
    ID,
    CREATED_DATE,
    CHANGED_DATE
}
