package io.executions.domain.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Deletes a target; deleting an unknown or already deleted target succeeds. */
public record DeleteTarget(InstanceId instance, TargetId targetId, String actor) implements InstanceScoped {
    public DeleteTarget {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(targetId, "targetId");
        actor = actor == null ? "" : actor;
    }

    @TargetAggregateIdentifier
    public String aggregateIdentifier() {
        return AggregateIds.target(instance, targetId);
    }
}
