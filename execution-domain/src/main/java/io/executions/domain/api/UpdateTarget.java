package io.executions.domain.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.Objects;

/**
 * Changes any subset of a target: a null field stays as it is. {@code type} and
 * {@code interruptOnError} change together when {@code type} is given. A non-null
 * {@code expirationSigningKey} rotates the signing key.
 */
public record UpdateTarget(InstanceId instance, TargetId targetId, String name, TargetType type,
                           Boolean interruptOnError, String endpoint, Duration timeout,
                           Duration expirationSigningKey, String actor, PayloadType payloadType)
        implements InstanceScoped {
    public UpdateTarget {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(targetId, "targetId");
        actor = actor == null ? "" : actor;
    }

    /** An update that leaves the payload type as it is. */
    public UpdateTarget(InstanceId instance, TargetId targetId, String name, TargetType type,
                        Boolean interruptOnError, String endpoint, Duration timeout,
                        Duration expirationSigningKey, String actor) {
        this(instance, targetId, name, type, interruptOnError, endpoint, timeout, expirationSigningKey, actor, null);
    }

    @TargetAggregateIdentifier
    public String aggregateIdentifier() {
        return AggregateIds.target(instance, targetId);
    }
}
