package io.executions.domain.command;

import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetRemoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps the {@link CommandSideLookup} current. Registered in a subscribing processing group with a
 * propagating error handler, so it runs in the command's unit of work and its failure fails the command.
 */
@ProcessingGroup(CommandSideLookupProjector.PROCESSING_GROUP)
public final class CommandSideLookupProjector {
    public static final String PROCESSING_GROUP = "command-side-lookup";
    private final CommandSideLookup lookup;

    public CommandSideLookupProjector(CommandSideLookup lookup) {
        this.lookup = lookup;
    }

    @EventHandler
    void on(ExecutionSet event) {
        lookup.executionSet(event.instance(), event.executionId(), event.entries());
    }

    @EventHandler
    void on(ExecutionCleared event) {
        lookup.executionCleared(event.instance(), event.executionId());
    }

    @EventHandler
    void on(TargetAdded event) {
        lookup.targetAdded(event.instance(), event.targetId(), event.definition().name());
    }

    @EventHandler
    void on(TargetChanged event) {
        lookup.targetRenamed(event.instance(), event.targetId(), event.definition().name());
    }

    @EventHandler
    void on(TargetRemoved event) {
        lookup.targetRemoved(event.instance(), event.targetId(), event.name());
    }
}
