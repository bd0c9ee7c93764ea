package io.executions.domain.api;

/**
 * The limits of docs/contract.md ("Checks of a call").
 *
 * @param maxIncludeDepth the longest include chain, counted in executions (default 3)
 * @param maxEntries      the most entries one execution may list (default 100)
 */
public record ExecutionLimits(int maxIncludeDepth, int maxEntries) {
    public static final ExecutionLimits DEFAULTS = new ExecutionLimits(3, 100);

    public ExecutionLimits {
        if (maxIncludeDepth < 1) {
            throw new IllegalArgumentException("maxIncludeDepth must be at least 1, was " + maxIncludeDepth);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
    }
}
