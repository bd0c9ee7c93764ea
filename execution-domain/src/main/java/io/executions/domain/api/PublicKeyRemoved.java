package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An inactive key of a target was removed; its id is never valid again. */
@Revision("1")
public record PublicKeyRemoved(InstanceId instance, TargetId targetId, String keyId, String actor, Instant at)
        implements PublicKeyEvent {
}
