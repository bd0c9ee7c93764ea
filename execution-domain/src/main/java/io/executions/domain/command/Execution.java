package io.executions.domain.command;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.ExecutionsEvent;
import io.executions.domain.policy.SetExecutionDecision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The execution bound to one condition in one instance. Checks docs/contract.md ("Checks of a call") rows 5 to 12
 * in order ({@link SetExecutionDecision}, stopping at the first violation), then writes {@link ExecutionSet} or
 * {@link ExecutionCleared}, or nothing when the list is unchanged.
 */
public class Execution {
    @AggregateIdentifier
    private String aggregateId;
    private InstanceId instance;
    private ExecutionId executionId;
    private List<Entry> entries = List.of();
    private Instant lastChange;

    /** Required by Axon to construct an empty instance to initiate event sourcing. */
    protected Execution() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public SetExecutionResult handle(SetExecution command, Catalog catalog, ExecutionLimits limits,
                                     CommandSideLookup lookup, Clock clock) {
        InstanceId in = command.instance();
        IfMatch.check(command.expectedVersion(), lookup, in);
        // one command reads each stored list and includer set at most once (rules 9 to 12 share them)
        LookupReads reads = new LookupReads(lookup, in);
        SetExecutionDecision.Outcome outcome = SetExecutionDecision.decide(command, entries, reads, catalog, limits,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), SetExecutionDecision.Mode.FIRST).orThrow();
        if (outcome.event() == null) {
            return new SetExecutionResult(lastChange == null ? SetExecutionResult.NEVER : lastChange, false);
        }
        apply(outcome.event());
        return new SetExecutionResult(outcome.event().at(), true);
    }

    /** Applies an event a decision made elsewhere under the same instance lock (a revert's steps). */
    void applyDecided(ExecutionsEvent event) {
        apply(event);
    }

    @EventSourcingHandler
    void on(ExecutionSet event) {
        identify(event.instance(), event.executionId());
        entries = event.entries();
        lastChange = event.at();
    }

    @EventSourcingHandler
    void on(ExecutionCleared event) {
        identify(event.instance(), event.executionId());
        entries = List.of();
        lastChange = event.at();
    }

    private void identify(InstanceId in, ExecutionId id) {
        aggregateId = AggregateIds.execution(in, id);
        instance = in;
        executionId = id;
    }

    List<Entry> entries() {
        return entries;
    }

    Instant lastChange() {
        return lastChange;
    }

    ExecutionId executionId() {
        return executionId;
    }

    InstanceId instance() {
        return instance;
    }
}
