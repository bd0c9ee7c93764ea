package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A key of a target is used for its JWE payloads from now on. */
@Revision("1")
public record PublicKeyActivated(InstanceId instance, TargetId targetId, String keyId, String actor, Instant at)
        implements PublicKeyEvent {
}
