package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An execution's list was emptied: it no longer runs, and it can no longer be included. */
@Revision("1")
public record ExecutionCleared(InstanceId instance, ExecutionId executionId, Condition condition, String actor,
                               Instant at) implements ExecutionsEvent {
}
