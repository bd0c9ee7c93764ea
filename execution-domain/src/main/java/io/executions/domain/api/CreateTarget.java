package io.executions.domain.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.Objects;

/** Creates a target; the caller chooses the id (the facade generates one). */
public record CreateTarget(InstanceId instance, TargetId targetId, String name, TargetType type,
                           boolean interruptOnError, String endpoint, Duration timeout, String actor,
                           PayloadType payloadType)
        implements InstanceScoped {
    public CreateTarget {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(targetId, "targetId");
        actor = actor == null ? "" : actor;
        payloadType = payloadType == null ? PayloadType.JSON : payloadType;
    }

    /** A target whose payload is plain JSON. */
    public CreateTarget(InstanceId instance, TargetId targetId, String name, TargetType type,
                        boolean interruptOnError, String endpoint, Duration timeout, String actor) {
        this(instance, targetId, name, type, interruptOnError, endpoint, timeout, actor, PayloadType.JSON);
    }

    @TargetAggregateIdentifier
    public String aggregateIdentifier() {
        return AggregateIds.target(instance, targetId);
    }
}
