package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** An execution now runs this full, ordered list of entries. */
@Revision("1")
public record ExecutionSet(InstanceId instance, ExecutionId executionId, Condition condition, List<Entry> entries,
                           String actor, Instant at) implements ExecutionsEvent {
    public ExecutionSet {
        entries = List.copyOf(entries);
    }
}
