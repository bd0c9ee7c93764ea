package io.executions.projections;

import io.executions.domain.api.Entry;

import java.time.Instant;
import java.util.List;

/** One change of an execution, for audits: when, who, and the list before and after. */
public record HistoryEntry(Instant date, String actor, Kind kind, List<Entry> previousTargets,
                           List<Entry> targets) {
    public enum Kind {
        SET,
        CLEARED
    }
}
