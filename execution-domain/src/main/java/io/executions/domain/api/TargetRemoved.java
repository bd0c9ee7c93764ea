package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A target was deleted: executions skip it from now on, and its name is free again. */
@Revision("1")
public record TargetRemoved(InstanceId instance, TargetId targetId, String name, String actor, Instant at)
        implements ExecutionsEvent {
}
