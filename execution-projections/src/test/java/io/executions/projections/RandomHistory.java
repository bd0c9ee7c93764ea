package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.I2;

/**
 * Random histories of read-model events for property tests, and a naive reference of docs/contract.md ("Resolution") to
 * check the model against. Histories need not pass the command checks, but stay acyclic: an execution
 * includes only executions later in {@link #EXECUTIONS}.
 */
final class RandomHistory {
    static final List<String> EXECUTIONS = List.of("request/a.b.S/M", "request/a.b.S/N", "request/a.b.S",
            "request/x.y.Z/M", "request", "response/a.b.S/M", "response", "event/user.human.added",
            "event/user.human.*", "event/user.*", "event", "function/f", "function/g",
            "request/zitadel.action.v2.ActionService");
    static final int TARGETS = 6;
    static final List<InstanceId> INSTANCES = List.of(I1, I2);
    static final List<ResolveQuery> QUERIES = List.of(ResolveQuery.request("/a.b.S/M"),
            ResolveQuery.request("/a.b.S/N"), ResolveQuery.request("/a.b.S/O"), ResolveQuery.request("/x.y.Z/M"),
            ResolveQuery.request("/q.Q/M"), ResolveQuery.request("/zitadel.action.v2.ActionService/SetExecution"),
            ResolveQuery.response("/a.b.S/M"), ResolveQuery.response("/x.y.Z/M"),
            ResolveQuery.event("user.human.added"), ResolveQuery.event("user.human.removed"),
            ResolveQuery.event("user.machine.added"), ResolveQuery.event("org.added"),
            ResolveQuery.function("f"), ResolveQuery.function("g"), ResolveQuery.function("h"));

    /** One step: what happens, where, and how the live side gets it. */
    record Op(int kind, int instance, int execution, int target, List<Integer> entries, boolean viaLive,
              boolean duplicated) {
    }

    private RandomHistory() {
    }

    static Arbitrary<List<Op>> histories(int maxSize) {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, INSTANCES.size() - 1),
                Arbitraries.integers().between(0, EXECUTIONS.size() - 1),
                Arbitraries.integers().between(0, TARGETS - 1),
                Arbitraries.integers().between(0, TARGETS + EXECUTIONS.size() - 1).list().ofMaxSize(5),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(maxSize);
    }

    /** Turns steps into events, tracking the state a naive reference needs. */
    static final class Interpreter {
        final Map<InstanceId, Map<String, List<Entry>>> lists = new HashMap<>();
        final Map<InstanceId, Map<TargetId, TargetDefinition>> liveTargets = new HashMap<>();
        final Map<InstanceId, Set<TargetId>> everAdded = new HashMap<>();
        private int counter;

        /** The event of this step, or null when the step cannot happen (the command side would write nothing). */
        Object event(Op op) {
            InstanceId instance = INSTANCES.get(op.instance());
            String targetId = "T" + op.target();
            TargetId target = TargetId.of(targetId);
            Map<TargetId, TargetDefinition> targets = liveTargets.computeIfAbsent(instance, i -> new HashMap<>());
            Set<TargetId> added = everAdded.computeIfAbsent(instance, i -> new HashSet<>());
            Map<String, List<Entry>> executions = lists.computeIfAbsent(instance, i -> new HashMap<>());
            String execution = EXECUTIONS.get(op.execution());
            switch (op.kind()) {
                case 0, 1, 2 -> {
                    // Target ids are never reused: once added, a target can only change or go.
                    TargetDefinition definition = EventDsl.definition(targetId + "-" + counter++);
                    if (added.add(target)) {
                        targets.put(target, definition);
                        return EventDsl.addTarget(instance, targetId, definition.name());
                    }
                    if (!targets.containsKey(target)) {
                        return null;
                    }
                    targets.put(target, definition);
                    return EventDsl.changeTarget(instance, targetId, definition);
                }
                case 3 -> {
                    return targets.remove(target) == null ? null : EventDsl.removeTarget(instance, targetId);
                }
                case 8 -> {
                    if (executions.getOrDefault(execution, List.of()).isEmpty()) {
                        return null;
                    }
                    executions.put(execution, List.of());
                    return EventDsl.cleared(instance, execution);
                }
                default -> {
                    LinkedHashSet<Entry> entries = new LinkedHashSet<>();
                    for (int code : op.entries()) {
                        if (code < TARGETS) {
                            entries.add(EventDsl.target("T" + code));
                        } else if (code - TARGETS > op.execution()) {
                            entries.add(EventDsl.include(EXECUTIONS.get(code - TARGETS)));
                        }
                    }
                    if (entries.isEmpty()) {
                        if (executions.getOrDefault(execution, List.of()).isEmpty()) {
                            return null;
                        }
                        executions.put(execution, List.of());
                        return EventDsl.cleared(instance, execution);
                    }
                    executions.put(execution, List.copyOf(entries));
                    return EventDsl.set(instance, execution, entries.toArray(Entry[]::new));
                }
            }
        }

        /** docs/contract.md ("Resolution") read literally: expand every include fully, then keep each target's first position. */
        Resolution reference(InstanceId instance, ResolveQuery query, LockOutGuard guard) {
            if ((query.type() == ExecutionType.REQUEST || query.type() == ExecutionType.RESPONSE)
                    && guard.guards(query.value())) {
                return Resolution.NONE;
            }
            for (String candidate : candidates(query)) {
                List<ResolvedTarget> flat = flattened(instance, candidate);
                if (!flat.isEmpty()) {
                    return new Resolution(ExecutionId.parse(candidate), flat);
                }
            }
            return Resolution.NONE;
        }

        List<ResolvedTarget> flattened(InstanceId instance, String execution) {
            List<ResolvedTarget> expanded = new ArrayList<>();
            expand(instance, execution, List.of(), expanded);
            Map<TargetId, ResolvedTarget> first = new LinkedHashMap<>();
            expanded.forEach(t -> first.putIfAbsent(t.id(), t));
            return List.copyOf(first.values());
        }

        private void expand(InstanceId instance, String execution, List<ExecutionId> above, List<ResolvedTarget> out) {
            List<ExecutionId> via = new ArrayList<>(above);
            via.add(ExecutionId.parse(execution));
            for (Entry entry : lists.getOrDefault(instance, Map.of()).getOrDefault(execution, List.of())) {
                if (entry instanceof Entry.Target t) {
                    TargetDefinition definition = liveTargets.getOrDefault(instance, Map.of()).get(t.target());
                    if (definition != null) {
                        out.add(new ResolvedTarget(t.target(), definition, List.copyOf(via)));
                    }
                } else if (entry instanceof Entry.Include include) {
                    expand(instance, include.include().value(), via, out);
                }
            }
        }

        private static List<String> candidates(ResolveQuery query) {
            String type = query.type().json();
            String value = query.value();
            List<String> candidates = new ArrayList<>();
            switch (query.type()) {
                case REQUEST, RESPONSE -> {
                    String[] parts = value.substring(1).split("/");
                    candidates.add(type + value);
                    candidates.add(type + "/" + parts[0]);
                    candidates.add(type);
                }
                case EVENT -> {
                    candidates.add(type + "/" + value);
                    String[] segments = value.split("\\.");
                    for (int n = segments.length - 1; n >= 1; n--) {
                        candidates.add(type + "/" + String.join(".", List.of(segments).subList(0, n)) + ".*");
                    }
                    candidates.add(type);
                }
                case FUNCTION -> candidates.add(type + "/" + value);
            }
            return candidates;
        }
    }
}
