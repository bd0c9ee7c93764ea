package io.executions.projections;

import java.time.Duration;
import java.util.List;

/** The outcome of a verified replay: how many events, and every difference found (none means equal). */
public record ReplayReport(long events, List<String> differences, Duration took) {
    public ReplayReport {
        differences = List.copyOf(differences);
    }

    public boolean equal() {
        return differences.isEmpty();
    }
}
