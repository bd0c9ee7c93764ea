package io.executions.api.service;

/** The columns a target search can be ordered by; ties are broken by id. */
public enum TargetSortColumn {
    ID, CREATED_DATE, CHANGED_DATE, NAME, TARGET_TYPE, URL, TIMEOUT, INTERRUPT_ON_ERROR
}
