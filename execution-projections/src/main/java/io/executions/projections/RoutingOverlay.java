package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.policy.DecisionState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A forkable view of one instance's routing state: stored lists, the reverse include index and live
 * targets, read from a base (the live read model) with changes laid over it. Nothing is ever written to
 * the base; {@link #fork()} copies only the overlay, so a plan or a diff can ask "what would resolve after
 * this change" at the cost of the executions it touches, not of the instance.
 */
final class RoutingOverlay implements DecisionState {
    /** What the view reads underneath its overlay. */
    interface Base {
        List<Entry> storedEntries(ExecutionId id);

        Set<ExecutionId> includersOf(ExecutionId id);

        Optional<TargetDefinition> liveTarget(TargetId id);
    }

    /** The base of an instance with no read model yet. */
    static final Base EMPTY = new Base() {
        @Override
        public List<Entry> storedEntries(ExecutionId id) {
            return List.of();
        }

        @Override
        public Set<ExecutionId> includersOf(ExecutionId id) {
            return Set.of();
        }

        @Override
        public Optional<TargetDefinition> liveTarget(TargetId id) {
            return Optional.empty();
        }
    };

    /** The live model as a base. */
    static Base of(InstanceModel model) {
        if (model == null) {
            return EMPTY;
        }
        return new Base() {
            @Override
            public List<Entry> storedEntries(ExecutionId id) {
                return model.storedEntries(id);
            }

            @Override
            public Set<ExecutionId> includersOf(ExecutionId id) {
                return model.includersOf(id);
            }

            @Override
            public Optional<TargetDefinition> liveTarget(TargetId id) {
                return model.liveTarget(id);
            }
        };
    }

    private final Base base;
    /** Overlaid stored lists. */
    private final Map<ExecutionId, List<Entry>> lists;
    /** Overlaid targets: present = live with that definition, empty = deleted (or never added). */
    private final Map<TargetId, Optional<TargetDefinition>> targets;
    /** Include edges added by the overlay: included id to the overlaid executions that include it. */
    private final Map<ExecutionId, Set<ExecutionId>> addedIncluders;

    RoutingOverlay(Base base) {
        this(base, new HashMap<>(), new HashMap<>(), new HashMap<>());
    }

    private RoutingOverlay(Base base, Map<ExecutionId, List<Entry>> lists, Map<TargetId, Optional<TargetDefinition>> targets,
                        Map<ExecutionId, Set<ExecutionId>> addedIncluders) {
        this.base = base;
        this.lists = lists;
        this.targets = targets;
        this.addedIncluders = addedIncluders;
    }

    /** A copy of this view whose changes do not show here. */
    RoutingOverlay fork() {
        Map<ExecutionId, Set<ExecutionId>> added = new HashMap<>();
        addedIncluders.forEach((id, set) -> added.put(id, new HashSet<>(set)));
        return new RoutingOverlay(base, new HashMap<>(lists), new HashMap<>(targets), added);
    }

    /** Lays a stored list over the base (an empty list: cleared). */
    void setList(ExecutionId id, List<Entry> entries) {
        List<Entry> previous = lists.put(id, List.copyOf(entries));
        if (previous != null) {
            for (Entry entry : previous) {
                if (entry instanceof Entry.Include include) {
                    Set<ExecutionId> set = addedIncluders.get(include.include());
                    if (set != null) {
                        set.remove(id);
                    }
                }
            }
        }
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include) {
                addedIncluders.computeIfAbsent(include.include(), k -> new HashSet<>()).add(id);
            }
        }
    }

    /** Lays a target over the base: live with a definition, or deleted (empty). */
    void setTarget(TargetId id, Optional<TargetDefinition> definition) {
        targets.put(id, definition);
    }

    @Override
    public List<Entry> storedEntries(ExecutionId id) {
        List<Entry> overlaid = lists.get(id);
        return overlaid != null ? overlaid : base.storedEntries(id);
    }

    @Override
    public Collection<ExecutionId> includersOf(ExecutionId id) {
        Set<ExecutionId> out = new HashSet<>();
        for (ExecutionId includer : base.includersOf(id)) {
            if (!lists.containsKey(includer)) {
                out.add(includer);
            }
        }
        out.addAll(addedIncluders.getOrDefault(id, Set.of()));
        return out;
    }

    Optional<TargetDefinition> liveTarget(TargetId id) {
        Optional<TargetDefinition> overlaid = targets.get(id);
        return overlaid != null ? overlaid : base.liveTarget(id);
    }

    @Override
    public Set<TargetId> existingTargets(Collection<TargetId> ids) {
        Set<TargetId> out = new HashSet<>();
        for (TargetId id : ids) {
            if (liveTarget(id).isPresent()) {
                out.add(id);
            }
        }
        return out;
    }

    /** The seeds and every execution that includes one of them, directly or transitively. */
    Set<ExecutionId> withIncluders(Collection<ExecutionId> seeds) {
        Set<ExecutionId> out = new LinkedHashSet<>();
        Deque<ExecutionId> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            ExecutionId id = todo.pop();
            if (out.add(id)) {
                todo.addAll(includersOf(id));
            }
        }
        return out;
    }

    /**
     * docs/contract.md "Resolution"'s flattening in this view: stored order, includes spliced in place, deleted targets
     * skipped, a target reached twice kept at its first position. {@code memo} may be shared by the calls
     * of one question to the same view.
     */
    List<ResolvedTarget> flatten(ExecutionId id, Map<ExecutionId, List<ResolvedTarget>> memo) {
        return flatten(id, memo, new HashSet<>());
    }

    private List<ResolvedTarget> flatten(ExecutionId id, Map<ExecutionId, List<ResolvedTarget>> memo,
                                         Set<ExecutionId> path) {
        List<ResolvedTarget> known = memo.get(id);
        if (known != null) {
            return known;
        }
        if (!path.add(id)) {
            return List.of(); // only through a cycle, which the rules forbid
        }
        List<ResolvedTarget> out = new ArrayList<>();
        Set<TargetId> seen = new HashSet<>();
        for (Entry entry : storedEntries(id)) {
            if (entry instanceof Entry.Target target) {
                Optional<TargetDefinition> definition = liveTarget(target.target());
                if (definition.isPresent() && seen.add(target.target())) {
                    out.add(new ResolvedTarget(target.target(), definition.get(), List.of(id)));
                }
            } else if (entry instanceof Entry.Include include) {
                for (ResolvedTarget sub : flatten(include.include(), memo, path)) {
                    if (seen.add(sub.id())) {
                        List<ExecutionId> via = new ArrayList<>(sub.via().size() + 1);
                        via.add(id);
                        via.addAll(sub.via());
                        out.add(new ResolvedTarget(sub.id(), sub.definition(), List.copyOf(via)));
                    }
                }
            }
        }
        path.remove(id);
        List<ResolvedTarget> result = List.copyOf(out);
        memo.put(id, result);
        return result;
    }

    /** The resolved target ids of an execution in this view. */
    List<TargetId> resolvedIds(ExecutionId id, Map<ExecutionId, List<ResolvedTarget>> memo) {
        List<TargetId> ids = new ArrayList<>();
        for (ResolvedTarget target : flatten(id, memo)) {
            ids.add(target.id());
        }
        return ids;
    }
}
