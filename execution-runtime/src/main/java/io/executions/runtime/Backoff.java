package io.executions.runtime;

import java.time.Duration;

/**
 * Exponential backoff with jitter: the n-th failure in a budget waits {@code initial * 2^(n-1)}, spread
 * by ±{@code jitter} and capped at {@code max}. Pure: the random number is an argument.
 */
record Backoff(Duration initial, Duration max, double jitter) {

    /** @param failure 1 for the first failure in the budget; @param random uniform in [0, 1) */
    Duration delay(int failure, double random) {
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        int shift = Math.max(0, Math.min(failure - 1, 40));
        double base = Math.min((double) maxMs, initialMs * Math.pow(2, shift));
        double spread = base * (1 - jitter + 2 * jitter * random);
        long ms = Math.max(1, Math.min(maxMs, Math.round(spread)));
        return Duration.ofMillis(ms);
    }
}
