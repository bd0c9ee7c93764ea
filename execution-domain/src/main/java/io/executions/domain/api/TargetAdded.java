package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A target was created. */
@Revision("1")
public record TargetAdded(InstanceId instance, TargetId targetId, TargetDefinition definition, String actor,
                          Instant at) implements ExecutionsEvent {
}
