package io.executions.projections;

/** {@code TEXT_FILTER_METHOD_EQUALS|_CONTAINS|_STARTS_WITH}. */
public enum TextFilterMethod {
    EQUALS,
    CONTAINS,
    STARTS_WITH
}
