package io.executions.domain.policy;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.ExecutionsEvent;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SetExecution's rules 5 to 12 (docs/contract.md "Checks of a call") as one pure function from (state, command) to the
 * violations, in rule order, and the event the command would emit. The aggregate asks for the first
 * violation only ({@link Mode#FIRST}: it stops there, as PUT answers); a plan asks for all of them
 * ({@link Mode#ALL}: one per violated rule, skipping a rule whose input did not parse: a bad condition
 * skips rules 7, 10, 11 and 12, and an entry that breaks rule 6 on its own is left out of rules 8 to 11).
 */
public final class SetExecutionDecision {
    /** How many violations to look for. */
    public enum Mode { FIRST, ALL }

    /** What the command would write. */
    public enum Change { SET, CLEARED, NONE }

    /**
     * @param violations every violated rule in rule order (at most one in {@link Mode#FIRST})
     * @param change     what would be written; {@code NONE} when invalid or unchanged
     * @param before     the stored list
     * @param after      the stored list after the command (equal to {@code before} when invalid)
     * @param event      the event it would emit, or null
     */
    public record Outcome(List<Rejection> violations, Change change, List<Entry> before, List<Entry> after,
                          ExecutionsEvent event) {
        public boolean valid() {
            return violations.isEmpty();
        }

        /** Throws the first violation, as PUT answers it. */
        public Outcome orThrow() {
            if (!violations.isEmpty()) {
                throw violations.get(0);
            }
            return this;
        }
    }

    private SetExecutionDecision() {
    }

    /**
     * @param command the command
     * @param before  the execution's stored list now
     * @param state   the rest of the instance
     * @param now     the date an emitted event would carry
     */
    public static Outcome decide(SetExecution command, List<Entry> before, DecisionState state, Catalog catalog,
                                 ExecutionLimits limits, Instant now, Mode mode) {
        Violations found = new Violations(mode);
        Condition condition = command.condition();
        ExecutionId self = command.executionId();
        List<Entry> requested = command.entries();

        boolean conditionOk = found.check(() -> ConditionShapePolicy.check(condition));
        found.check(() -> EntryListPolicy.check(requested, limits));
        // a plan goes on with the entries that parsed; the aggregate has stopped above if any did not
        List<Entry> parsed = new ArrayList<>(requested.size());
        for (Entry entry : requested) {
            if (EntryListPolicy.isWellFormed(entry)) {
                parsed.add(entry);
            }
        }
        if (conditionOk) {
            found.check(() -> ConditionExistsPolicy.check(condition, catalog));
        }
        List<TargetId> targets = parsed.stream()
                .filter(Entry.Target.class::isInstance)
                .map(entry -> ((Entry.Target) entry).target())
                .toList();
        found.check(() -> {
            Set<TargetId> existing = targets.isEmpty() ? Set.of() : state.existingTargets(targets);
            TargetsExistPolicy.check(parsed, existing::contains);
        });
        found.check(() -> IncludesSetPolicy.check(parsed, include -> !state.storedEntries(include).isEmpty()));
        if (conditionOk) {
            List<ExecutionId> includes = parsed.stream()
                    .filter(Entry.Include.class::isInstance)
                    .map(entry -> ((Entry.Include) entry).include())
                    .toList();
            found.check(() -> IncludeCyclePolicy.check(self, includes, state));
            found.check(() -> IncludeDepthPolicy.check(self, includes, state, limits.maxIncludeDepth()));
            found.check(() -> StillIncludedPolicy.check(self, requested.isEmpty(), state.includersOf(self)));
        }

        if (!found.list.isEmpty() || requested.equals(before)) {
            return new Outcome(List.copyOf(found.list), Change.NONE, before, before, null);
        }
        if (requested.isEmpty()) {
            return new Outcome(List.of(), Change.CLEARED, before, List.of(),
                    new ExecutionCleared(command.instance(), self, condition, command.actor(), now));
        }
        return new Outcome(List.of(), Change.SET, before, requested,
                new ExecutionSet(command.instance(), self, condition, requested, command.actor(), now));
    }

    private static final class Violations {
        final Mode mode;
        final List<Rejection> list = new ArrayList<>();

        Violations(Mode mode) {
            this.mode = mode;
        }

        /** Runs one rule; returns whether it passed. In FIRST mode the first violation is thrown at once. */
        boolean check(Runnable rule) {
            if (mode == Mode.FIRST && !list.isEmpty()) {
                return false;
            }
            try {
                rule.run();
                return true;
            } catch (Rejection violation) {
                if (mode == Mode.FIRST) {
                    throw violation;
                }
                list.add(violation);
                return false;
            }
        }
    }
}
