package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A key of a target is no longer used for its payloads (it stays registered). */
@Revision("1")
public record PublicKeyDeactivated(InstanceId instance, TargetId targetId, String keyId, String actor, Instant at)
        implements PublicKeyEvent {
}
