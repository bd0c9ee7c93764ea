package io.executions.domain.command;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionsEvent;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionLists;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.policy.DecisionState;
import io.executions.domain.policy.SetExecutionDecision;
import io.executions.domain.policy.TargetsExistPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Handles {@link SetExecutionLists}: under the instance lock (the command is instance-scoped) and in one
 * unit of work, so either every list is written or none. The lookup shows a unit of work's own writes
 * only after it commits, so each step is decided by {@link SetExecutionDecision} against the lookup with
 * the earlier steps laid over it, and only then are the events applied to the aggregates.
 *
 * <p>Order: lists that set come before lists that clear; among the sets, an execution comes after the
 * executions its new list includes; among the clears, includers come before the executions they include.
 * When the preferred next step breaks a rule (a temporary chain too deep, say), the first step that every
 * rule accepts goes next; when none does, the first remaining step's violation is the answer.
 */
public final class ExecutionListsHandler {
    private final Repository<Execution> repository;
    private final Catalog catalog;
    private final ExecutionLimits limits;
    private final CommandSideLookup lookup;
    private final Clock clock;

    public ExecutionListsHandler(Repository<Execution> repository, Catalog catalog, ExecutionLimits limits,
                                 CommandSideLookup lookup, Clock clock) {
        this.repository = repository;
        this.catalog = catalog;
        this.limits = limits;
        this.lookup = lookup;
        this.clock = clock;
    }

    @CommandHandler
    public SetExecutionListsResult handle(SetExecutionLists command) {
        InstanceId in = command.instance();
        Overlay state = new Overlay(new LookupReads(lookup, in));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        // a target deleted since is named before anything else is considered
        List<Entry> named = new ArrayList<>();
        List<TargetId> targets = new ArrayList<>();
        for (SetExecutionLists.Wanted wanted : command.lists()) {
            for (Entry entry : wanted.entries()) {
                if (entry instanceof Entry.Target target) {
                    named.add(entry);
                    targets.add(target.target());
                }
            }
        }
        Set<TargetId> existing = targets.isEmpty() ? Set.of() : state.existingTargets(targets);
        TargetsExistPolicy.check(named, existing::contains);

        List<SetExecution> pending = new ArrayList<>();
        for (SetExecutionLists.Wanted wanted : command.lists()) {
            if (!wanted.entries().equals(state.storedEntries(wanted.condition().id()))) {
                pending.add(new SetExecution(in, wanted.condition(), wanted.entries(), command.actor()));
            }
        }
        pending = preferredOrder(pending, state);

        List<ExecutionsEvent> steps = new ArrayList<>();
        while (!pending.isEmpty()) {
            SetExecutionDecision.Outcome accepted = null;
            SetExecutionDecision.Outcome first = null;
            int index = 0;
            for (; index < pending.size(); index++) {
                SetExecution step = pending.get(index);
                SetExecutionDecision.Outcome outcome = SetExecutionDecision.decide(step,
                        state.storedEntries(step.executionId()), state, catalog, limits, now,
                        SetExecutionDecision.Mode.ALL);
                if (first == null) {
                    first = outcome;
                }
                if (outcome.valid()) {
                    accepted = outcome;
                    break;
                }
            }
            if (accepted == null) {
                first.orThrow();
            }
            SetExecution step = pending.remove(index);
            state.put(step.executionId(), accepted.after());
            if (accepted.event() != null) {
                steps.add(accepted.event());
            }
        }
        for (ExecutionsEvent event : steps) {
            ExecutionId id = event instanceof io.executions.domain.api.ExecutionSet set ? set.executionId()
                    : ((io.executions.domain.api.ExecutionCleared) event).executionId();
            try {
                repository.loadOrCreate(AggregateIds.execution(in, id), Execution::new)
                        .execute(execution -> execution.applyDecided(event));
            } catch (Exception e) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }
        return new SetExecutionListsResult(steps.size(), steps.isEmpty() ? SetExecutionResult.NEVER : now);
    }

    /** Sets (includees first, by their new lists), then clears (includers first, by the stored lists). */
    private static List<SetExecution> preferredOrder(List<SetExecution> pending, DecisionState state) {
        Map<ExecutionId, SetExecution> sets = new LinkedHashMap<>();
        Map<ExecutionId, SetExecution> clears = new LinkedHashMap<>();
        for (SetExecution step : pending) {
            (step.entries().isEmpty() ? clears : sets).put(step.executionId(), step);
        }
        List<SetExecution> ordered = new ArrayList<>();
        Set<ExecutionId> done = new HashSet<>();
        for (ExecutionId id : sets.keySet()) {
            includeesFirst(id, sets, done, new HashSet<>(), ordered);
        }
        List<SetExecution> clearOrder = new ArrayList<>();
        done.clear();
        for (ExecutionId id : clears.keySet()) {
            includeesFirst(id, clears, done, new HashSet<>(), clearOrder, state);
        }
        // includees-first of the stored graph, reversed: includers first
        for (int i = clearOrder.size() - 1; i >= 0; i--) {
            ordered.add(clearOrder.get(i));
        }
        return ordered;
    }

    private static void includeesFirst(ExecutionId id, Map<ExecutionId, SetExecution> steps, Set<ExecutionId> done,
                                       Set<ExecutionId> path, List<SetExecution> out) {
        if (done.contains(id) || !path.add(id)) {
            return;
        }
        for (Entry entry : steps.get(id).entries()) {
            if (entry instanceof Entry.Include include && steps.containsKey(include.include())) {
                includeesFirst(include.include(), steps, done, path, out);
            }
        }
        done.add(id);
        out.add(steps.get(id));
    }

    private static void includeesFirst(ExecutionId id, Map<ExecutionId, SetExecution> steps, Set<ExecutionId> done,
                                       Set<ExecutionId> path, List<SetExecution> out, DecisionState stored) {
        if (done.contains(id) || !path.add(id)) {
            return;
        }
        for (ExecutionId included : stored.includesOf(id)) {
            if (steps.containsKey(included)) {
                includeesFirst(included, steps, done, path, out, stored);
            }
        }
        done.add(id);
        out.add(steps.get(id));
    }

    /** The lookup with the steps decided so far laid over it (stored lists and the reverse index). */
    private static final class Overlay implements DecisionState {
        private final LookupReads base;
        private final Map<ExecutionId, List<Entry>> lists = new HashMap<>();

        Overlay(LookupReads base) {
            this.base = base;
        }

        void put(ExecutionId id, List<Entry> entries) {
            lists.put(id, entries);
        }

        @Override
        public Set<TargetId> existingTargets(Collection<TargetId> ids) {
            return base.existingTargets(ids);
        }

        @Override
        public List<Entry> storedEntries(ExecutionId id) {
            List<Entry> changed = lists.get(id);
            return changed != null ? changed : base.storedEntries(id);
        }

        @Override
        public Collection<ExecutionId> includersOf(ExecutionId id) {
            Set<ExecutionId> includers = new HashSet<>();
            for (ExecutionId includer : base.includersOf(id)) {
                if (!lists.containsKey(includer)) {
                    includers.add(includer);
                }
            }
            Entry.Include wanted = new Entry.Include(id);
            lists.forEach((includer, entries) -> {
                if (entries.contains(wanted)) {
                    includers.add(includer);
                }
            });
            return includers;
        }
    }
}
