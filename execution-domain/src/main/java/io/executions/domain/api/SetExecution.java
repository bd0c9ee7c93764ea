package io.executions.domain.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;

/** Sets the ordered entries of the execution bound to a condition; an empty list clears it. */
public record SetExecution(InstanceId instance, Condition condition, List<Entry> entries, String actor)
        implements InstanceScoped {

    public SetExecution {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(condition, "condition");
        entries = entries == null ? List.of() : List.copyOf(entries);
        actor = actor == null ? "" : actor;
    }

    public ExecutionId executionId() {
        return condition.id();
    }

    @TargetAggregateIdentifier
    public String aggregateIdentifier() {
        return AggregateIds.execution(instance, executionId());
    }
}
