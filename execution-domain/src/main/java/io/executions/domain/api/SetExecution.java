package io.executions.domain.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;

/**
 * Sets the ordered entries of the execution bound to a condition; an empty list clears it.
 * {@code expectedVersion}, when not null, is the instance version the caller planned against (docs/safe-change.md,
 * {@code If-Match}): the command is refused with {@code Errors.Execution.Changed} unless the instance
 * still has exactly that version when its lock is held.
 */
public record SetExecution(InstanceId instance, Condition condition, List<Entry> entries, String actor,
                           Long expectedVersion) implements InstanceScoped {

    public SetExecution(InstanceId instance, Condition condition, List<Entry> entries, String actor) {
        this(instance, condition, entries, actor, null);
    }

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
