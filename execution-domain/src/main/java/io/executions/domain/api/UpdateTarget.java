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
                           Duration expirationSigningKey, String actor) implements InstanceScoped {
    public UpdateTarget {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(targetId, "targetId");
        actor = actor == null ? "" : actor;
    }

    @TargetAggregateIdentifier
    public String aggregateIdentifier() {
        return AggregateIds.target(instance, targetId);
    }
}
