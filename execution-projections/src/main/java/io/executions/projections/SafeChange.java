package io.executions.projections;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionLists;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import io.executions.domain.api.TargetType;
import io.executions.domain.policy.ConditionExistsPolicy;
import io.executions.domain.policy.SetExecutionDecision;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * docs/safe-change.md on the read side: plan a SetExecution (every violation, the blast radius), diff two
 * instants, the lists a revert writes, lint. All of it reads the live model through a {@link RoutingOverlay}
 * (never changing it) and, for past instants, only the histories of the aggregates that changed since,
 * never a fold of the whole store.
 */
public final class SafeChange {
    /** Synchronous targets whose timeouts add up to more than this make a slow chain. */
    public static final Duration SLOW_CHAIN = Duration.ofSeconds(30);

    private final ReadModels live;
    private final EventStore store;
    private final Catalog catalog;
    private final ExecutionLimits limits;
    private final Clock clock;

    SafeChange(ReadModels live, EventStore store, Catalog catalog, ExecutionLimits limits, Clock clock) {
        this.live = live;
        this.store = store;
        this.catalog = catalog;
        this.limits = limits;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- plan

    /** A resolved list that a change would alter. */
    public record Affected(ExecutionId executionId, List<TargetId> before, List<TargetId> after) {
    }

    /** What a SetExecution would do, written nowhere. */
    public record Plan(List<Rejection> violations, SetExecutionDecision.Change change, List<Entry> before,
                       List<Entry> after, List<Affected> affected, long version) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    /**
     * @param earlier violations found before the domain's rules (rule 2 for a caller without write); they
     *                come first and make the plan invalid
     */
    public Plan plan(InstanceId instance, SetExecution command, List<Rejection> earlier) {
        InstanceModel model = live.instance(instance);
        // the version first: a write landing during the reads below makes this plan's version stale, so an
        // If-Match with it is refused rather than applied to a state the plan did not see
        long version = model == null ? 0 : model.version();
        RoutingOverlay now = new RoutingOverlay(RoutingOverlay.of(model));
        ExecutionId self = command.executionId();
        List<Entry> before = now.storedEntries(self);
        SetExecutionDecision.Outcome outcome = SetExecutionDecision.decide(command, before, now, catalog, limits,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), SetExecutionDecision.Mode.ALL);
        List<Rejection> violations = new ArrayList<>(earlier);
        violations.addAll(outcome.violations());
        if (!violations.isEmpty()) {
            return new Plan(List.copyOf(violations), SetExecutionDecision.Change.NONE, before, before, List.of(),
                    version);
        }
        RoutingOverlay after = now.fork();
        after.setList(self, outcome.after());
        Set<ExecutionId> touched = new LinkedHashSet<>(now.withIncluders(List.of(self)));
        touched.addAll(after.withIncluders(List.of(self)));
        List<Affected> affected = new ArrayList<>();
        Map<ExecutionId, List<ResolvedTarget>> memoBefore = new HashMap<>();
        Map<ExecutionId, List<ResolvedTarget>> memoAfter = new HashMap<>();
        for (ExecutionId id : sorted(touched)) {
            List<TargetId> was = now.resolvedIds(id, memoBefore);
            List<TargetId> will = after.resolvedIds(id, memoAfter);
            if (!was.equals(will)) {
                affected.add(new Affected(id, was, will));
            }
        }
        return new Plan(List.of(), outcome.change(), before, outcome.after(), List.copyOf(affected), version);
    }

    /** The instance version the live model has applied (docs/safe-change.md). */
    public long version(InstanceId instance) {
        InstanceModel model = live.instance(instance);
        return model == null ? 0 : model.version();
    }

    // ---------------------------------------------------------------- diff

    /** One execution whose list or resolution differs between two instants. */
    public record Change(ExecutionId executionId, List<Entry> before, List<Entry> after,
                         List<TargetId> resolvedBefore, List<TargetId> resolvedAfter) {
    }

    /**
     * Every execution whose stored list or resolved target ids differ between {@code from} and {@code to}
     * (each instant includes the events dated exactly then), sorted by id.
     */
    public List<Change> diff(InstanceId instance, Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        InstanceModel model = live.instance(instance);
        if (model == null) {
            return List.of();
        }
        Past past = past(instance, model, from.isBefore(to) ? from : to);
        RoutingOverlay atFrom = past.viewAt(from);
        RoutingOverlay atTo = past.viewAt(to);
        Set<ExecutionId> seeds = new HashSet<>(past.executions.keySet());
        for (TargetId target : past.targets.keySet()) {
            seeds.addAll(past.listers.getOrDefault(target, Set.of()));
        }
        Set<ExecutionId> touched = new HashSet<>(atFrom.withIncluders(seeds));
        touched.addAll(atTo.withIncluders(seeds));
        List<Change> changes = new ArrayList<>();
        Map<ExecutionId, List<ResolvedTarget>> memoFrom = new HashMap<>();
        Map<ExecutionId, List<ResolvedTarget>> memoTo = new HashMap<>();
        for (ExecutionId id : sorted(touched)) {
            List<Entry> before = atFrom.storedEntries(id);
            List<Entry> after = atTo.storedEntries(id);
            List<TargetId> resolvedBefore = atFrom.resolvedIds(id, memoFrom);
            List<TargetId> resolvedAfter = atTo.resolvedIds(id, memoTo);
            if (!before.equals(after) || !resolvedBefore.equals(resolvedAfter)) {
                changes.add(new Change(id, before, after, resolvedBefore, resolvedAfter));
            }
        }
        return List.copyOf(changes);
    }

    // ---------------------------------------------------------------- revert

    /**
     * The lists a revert to {@code to} writes: for every execution in scope (the given ids, or, when
     * null, every execution changed since {@code to}), its stored list as of {@code to}. The command side
     * writes only those that differ from what it stores.
     */
    public List<SetExecutionLists.Wanted> listsAt(InstanceId instance, Instant to, Collection<ExecutionId> scope) {
        InstanceModel model = live.instance(instance);
        if (model == null) {
            return List.of();
        }
        Past past = past(instance, model, to);
        List<SetExecutionLists.Wanted> wanted = new ArrayList<>();
        Collection<ExecutionId> ids = scope == null ? past.executions.keySet() : new LinkedHashSet<>(scope);
        for (ExecutionId id : sorted(ids)) {
            History<List<Entry>> history = past.executions.get(id);
            List<Entry> entries = history == null ? model.storedEntries(id) : history.at(to);
            wanted.add(new SetExecutionLists.Wanted(id.toCondition(), entries));
        }
        return wanted;
    }

    // ---------------------------------------------------------------- lint

    /** The kinds of finding, in the order findings of one execution are listed. */
    public enum LintKind { DANGLING_TARGET, EMPTY, DUPLICATE_VIA_INCLUDE, NOT_IN_CATALOG, GUARDED, SLOW_CHAIN }

    public record Finding(LintKind kind, ExecutionId executionId, String message) {
    }

    /** Every finding of the executions currently set, sorted by execution id, then kind. */
    public List<Finding> lint(InstanceId instance) {
        InstanceModel model = live.instance(instance);
        if (model == null) {
            return List.of();
        }
        RoutingOverlay view = new RoutingOverlay(RoutingOverlay.of(model));
        Map<ExecutionId, List<ResolvedTarget>> memo = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (StoredExecution exec : model.storedExecutions()) {
            if (exec.entries().isEmpty()) {
                continue;
            }
            ExecutionId id = exec.id();
            for (Entry entry : exec.entries()) {
                if (entry instanceof Entry.Target target && view.liveTarget(target.target()).isEmpty()) {
                    findings.add(new Finding(LintKind.DANGLING_TARGET, id, "the entry names target '"
                            + target.target() + "', which is deleted"));
                }
            }
            List<ResolvedTarget> resolved = view.flatten(id, memo);
            if (resolved.isEmpty()) {
                findings.add(new Finding(LintKind.EMPTY, id, "nothing is left to run: every target it reaches is "
                        + "deleted, so it does not shadow less specific executions"));
            }
            Map<TargetId, Integer> reached = new java.util.LinkedHashMap<>();
            countReached(id, view, reached, new HashSet<>());
            reached.forEach((target, times) -> {
                if (times > 1) {
                    findings.add(new Finding(LintKind.DUPLICATE_VIA_INCLUDE, id, "target '" + target
                            + "' is reached " + times + " times through includes; it runs once"));
                }
            });
            Condition condition = exec.condition() != null ? exec.condition() : id.toCondition();
            try {
                ConditionExistsPolicy.check(condition, catalog);
            } catch (Rejection notInCatalog) {
                findings.add(new Finding(LintKind.NOT_IN_CATALOG, id, notInCatalog.getMessage()));
            }
            if (guarded(condition)) {
                findings.add(new Finding(LintKind.GUARDED, id, "'" + condition.value() + "' is a lock-out-guarded "
                        + "service: this execution never runs"));
            }
            Duration total = Duration.ZERO;
            for (ResolvedTarget target : resolved) {
                if (target.definition().type() != TargetType.REST_ASYNC) {
                    total = total.plus(target.definition().timeout());
                }
            }
            if (total.compareTo(SLOW_CHAIN) > 0) {
                findings.add(new Finding(LintKind.SLOW_CHAIN, id, "the synchronous targets' timeouts add up to "
                        + total.toMillis() + "ms, more than " + SLOW_CHAIN.toSeconds() + "s"));
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> f.executionId().value(), CodePoints::compare)
                .thenComparing(Finding::kind));
        return List.copyOf(findings);
    }

    /** How often each live target is reached by the flattening, before duplicates are dropped. */
    private static void countReached(ExecutionId id, RoutingOverlay view, Map<TargetId, Integer> reached,
                                     Set<ExecutionId> path) {
        if (!path.add(id)) {
            return;
        }
        for (Entry entry : view.storedEntries(id)) {
            if (entry instanceof Entry.Target target) {
                if (view.liveTarget(target.target()).isPresent()) {
                    reached.merge(target.target(), 1, Integer::sum);
                }
            } else if (entry instanceof Entry.Include include) {
                countReached(include.include(), view, reached, path);
            }
        }
        path.remove(id);
    }

    private boolean guarded(Condition condition) {
        LockOutGuard guard = live.guard();
        return switch (condition.kind()) {
            case REQUEST_METHOD, RESPONSE_METHOD -> guard.guards(condition.value().startsWith("/")
                    ? condition.value() : "/" + condition.value());
            case REQUEST_SERVICE, RESPONSE_SERVICE -> guard.guards("/" + condition.value() + "/");
            default -> false;
        };
    }

    // ---------------------------------------------------------------- the past, from per-aggregate history

    /** One aggregate's events, oldest first, as (date, state after) pairs. */
    private record History<T>(List<Instant> dates, List<T> states, T initial) {
        T at(Instant instant) {
            T state = initial;
            for (int i = 0; i < dates.size() && !dates.get(i).isAfter(instant); i++) {
                state = states.get(i);
            }
            return state;
        }
    }

    /** The executions and targets changed after an instant, with their histories. */
    private final class Past {
        final Map<ExecutionId, History<List<Entry>>> executions = new HashMap<>();
        final Map<TargetId, History<Optional<TargetDefinition>>> targets = new HashMap<>();
        /** Changed target id to the executions naming it in a list now or in the histories read. */
        final Map<TargetId, Set<ExecutionId>> listers = new HashMap<>();
        final InstanceModel model;

        Past(InstanceModel model) {
            this.model = model;
        }

        /** Records {@code id} as naming the changed targets its list names. */
        void addListers(ExecutionId id, List<Entry> entries) {
            for (Entry entry : entries) {
                if (entry instanceof Entry.Target target && targets.containsKey(target.target())) {
                    listers.computeIfAbsent(target.target(), k -> new HashSet<>()).add(id);
                }
            }
        }

        RoutingOverlay viewAt(Instant instant) {
            RoutingOverlay view = new RoutingOverlay(RoutingOverlay.of(model));
            executions.forEach((id, history) -> view.setList(id, history.at(instant)));
            targets.forEach((id, history) -> view.setTarget(id, history.at(instant)));
            return view;
        }
    }

    private Past past(InstanceId instance, InstanceModel model, Instant since) {
        Past past = new Past(model);
        // targets first: the executions naming a changed target are looked for only when there is one
        for (StoredTarget target : model.storedTargets()) {
            if (target.changeDate() != null && target.changeDate().isAfter(since)) {
                past.targets.put(target.id(), targetHistory(instance, target.id()));
            }
        }
        for (StoredExecution exec : model.executionsChangedAfter(since)) {
            past.executions.put(exec.id(), executionHistory(instance, exec.id(), past));
        }
        if (!past.targets.isEmpty()) {
            for (StoredExecution exec : model.storedExecutions()) {
                past.addListers(exec.id(), exec.entries());
            }
        }
        return past;
    }

    private History<List<Entry>> executionHistory(InstanceId instance, ExecutionId id, Past past) {
        List<Instant> dates = new ArrayList<>();
        List<List<Entry>> states = new ArrayList<>();
        DomainEventStream events = store.readEvents(AggregateIds.execution(instance, id), 0L);
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            Object payload = message.getPayload();
            if (payload instanceof ExecutionSet set && set.instance().equals(instance)
                    && set.executionId().equals(id)) {
                dates.add(set.at());
                states.add(set.entries());
                past.addListers(id, set.entries());
            } else if (payload instanceof ExecutionCleared cleared && cleared.instance().equals(instance)
                    && cleared.executionId().equals(id)) {
                dates.add(cleared.at());
                states.add(List.of());
            }
        }
        return new History<>(dates, states, List.of());
    }

    private History<Optional<TargetDefinition>> targetHistory(InstanceId instance, TargetId id) {
        List<Instant> dates = new ArrayList<>();
        List<Optional<TargetDefinition>> states = new ArrayList<>();
        DomainEventStream events = store.readEvents(AggregateIds.target(instance, id), 0L);
        while (events.hasNext()) {
            Object payload = events.next().getPayload();
            if (payload instanceof TargetAdded added && added.instance().equals(instance)) {
                dates.add(added.at());
                states.add(Optional.of(added.definition()));
            } else if (payload instanceof TargetChanged changed && changed.instance().equals(instance)) {
                dates.add(changed.at());
                states.add(Optional.of(changed.definition()));
            } else if (payload instanceof TargetRemoved removed && removed.instance().equals(instance)) {
                dates.add(removed.at());
                states.add(Optional.empty());
            }
        }
        return new History<>(dates, states, Optional.empty());
    }

    private static List<ExecutionId> sorted(Collection<ExecutionId> ids) {
        TreeSet<ExecutionId> sorted = new TreeSet<>(ids);
        return new ArrayList<>(sorted);
    }
}
