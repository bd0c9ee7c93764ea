package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A target's definition changed; the event carries the full new definition. */
@Revision("1")
public record TargetChanged(InstanceId instance, TargetId targetId, TargetDefinition definition,
                            boolean signingKeyRotated, String actor, Instant at) implements ExecutionsEvent {
}
