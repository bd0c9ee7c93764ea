package io.executions.domain.command;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.policy.ConditionExistsPolicy;
import io.executions.domain.policy.ConditionShapePolicy;
import io.executions.domain.policy.EntryListPolicy;
import io.executions.domain.policy.IncludeCyclePolicy;
import io.executions.domain.policy.IncludeDepthPolicy;
import io.executions.domain.policy.IncludesSetPolicy;
import io.executions.domain.policy.StillIncludedPolicy;
import io.executions.domain.policy.TargetsExistPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The execution bound to one condition in one instance. Checks docs/contract.md ("Checks of a call") rows 5 to 12 in order,
 * then writes {@link ExecutionSet} or {@link ExecutionCleared}, or nothing when the list is unchanged.
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
        Condition condition = command.condition();
        ExecutionId self = command.executionId();
        List<Entry> requested = command.entries();

        ConditionShapePolicy.check(condition);
        EntryListPolicy.check(requested, limits);
        ConditionExistsPolicy.check(condition, catalog);
        List<TargetId> targets = requested.stream()
                .filter(Entry.Target.class::isInstance)
                .map(entry -> ((Entry.Target) entry).target())
                .toList();
        Set<TargetId> existing = targets.isEmpty() ? Set.of() : lookup.existingTargets(in, targets);
        TargetsExistPolicy.check(requested, existing::contains);
        // one command reads each stored list and includer set at most once (rules 9 to 12 share them)
        LookupReads reads = new LookupReads(lookup, in);
        IncludesSetPolicy.check(requested, include -> !reads.storedEntries(include).isEmpty());
        List<ExecutionId> includes = requested.stream()
                .filter(Entry.Include.class::isInstance)
                .map(entry -> ((Entry.Include) entry).include())
                .toList();
        IncludeCyclePolicy.check(self, includes, reads);
        IncludeDepthPolicy.check(self, includes, reads, limits.maxIncludeDepth());
        StillIncludedPolicy.check(self, requested.isEmpty(), reads.includersOf(self));

        if (requested.equals(entries)) {
            return new SetExecutionResult(lastChange == null ? SetExecutionResult.NEVER : lastChange, false);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (requested.isEmpty()) {
            apply(new ExecutionCleared(in, self, condition, command.actor(), now));
        } else {
            apply(new ExecutionSet(in, self, condition, requested, command.actor(), now));
        }
        return new SetExecutionResult(now, true);
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
