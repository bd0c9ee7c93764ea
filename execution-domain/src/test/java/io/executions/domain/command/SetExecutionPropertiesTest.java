package io.executions.domain.command;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.eventhandling.EventMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.executions.domain.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of SetExecution (and target deletions) over a small catalog: the answer of every
 * command matches a reference model written here from the contract's words, and the stored events never
 * describe a cycle, an over-deep chain or an include of a cleared execution.
 */
class SetExecutionPropertiesTest {
    private static final List<Condition> CONDITIONS = List.of(
            Condition.requestMethod(LIST), Condition.requestMethod(GET), Condition.requestService(SERVICE),
            Condition.requestAll(), Condition.event("user.human.added"), Condition.eventGroup("user"),
            Condition.function("preuserinfo"));
    private static final List<String> TARGETS = List.of("T1", "T2", "T3", "T4");
    private static final int DEPTH = 3;

    /** A step: set a list on a condition, or delete a target. */
    record Step(int condition, List<Entry> entries, String deleteTarget) {
    }

    @Property(tries = 40)
    void everyAnswerMatchesTheReferenceModelAndTheStoreStaysValid(@ForAll("histories") List<Step> steps) {
        try (InMemoryDomain domain = new InMemoryDomain(CATALOG, ExecutionLimits.DEFAULTS, java.time.Clock.systemUTC())) {
            Reference reference = new Reference();
            for (String target : TARGETS.subList(0, 3)) {
                domain.commands().sendAndWait(new CreateTarget(I1, TargetId.of(target), "n" + target,
                        TargetType.REST_WEBHOOK, false, "https://example.com", Duration.ofSeconds(1), ACTOR));
                reference.liveTargets.add(target);
            }
            for (Step step : steps) {
                if (step.deleteTarget() != null) {
                    domain.commands().sendAndWait(new DeleteTarget(I1, TargetId.of(step.deleteTarget()), ACTOR));
                    reference.liveTargets.remove(step.deleteTarget());
                    continue;
                }
                Condition condition = CONDITIONS.get(step.condition());
                String expected = reference.expectedAnswer(condition.id(), step.entries());
                String actual;
                try {
                    SetExecutionResult result = domain.commands().sendAndWait(
                            new SetExecution(I1, condition, step.entries(), ACTOR));
                    actual = result.written() ? "written" : "unchanged";
                } catch (Rejection rejection) {
                    actual = rejection.messageKey();
                }
                net.jqwik.api.statistics.Statistics.label("answers").collect(actual);
                assertThat(actual).as("answer to %s := %s", condition.id(), step.entries()).isEqualTo(expected);
                if (actual.equals("written")) {
                    reference.apply(condition.id(), step.entries());
                }
            }
            assertStoreIsValid(domain, reference);
        }
    }

    private static void assertStoreIsValid(InMemoryDomain domain, Reference reference) {
        Map<ExecutionId, List<Entry>> folded = new HashMap<>();
        try (var stream = domain.eventStore().openStream(null)) {
            while (stream.hasNextAvailable()) {
                EventMessage<?> message = stream.nextAvailable();
                if (message.getPayload() instanceof ExecutionSet set) {
                    folded.put(set.executionId(), set.entries());
                } else if (message.getPayload() instanceof ExecutionCleared cleared) {
                    folded.remove(cleared.executionId());
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(folded).isEqualTo(reference.executions);
        for (ExecutionId id : folded.keySet()) {
            for (ExecutionId include : Reference.includesOf(folded.get(id))) {
                assertThat(folded).as("included %s is set", include).containsKey(include);
            }
            assertThat(Reference.longestPathFrom(folded, id, new LinkedHashSet<>()))
                    .as("chain from %s", id).isLessThanOrEqualTo(DEPTH);
        }
    }

    /** The contract's rules 6 to 12 and its Then, written naively over plain maps. */
    static final class Reference {
        final Map<ExecutionId, List<Entry>> executions = new HashMap<>();
        final Set<String> liveTargets = new HashSet<>();

        String expectedAnswer(ExecutionId self, List<Entry> entries) {
            if (new HashSet<>(entries).size() != entries.size()) {
                return MessageKeys.EXECUTION_INVALID;
            }
            for (Entry entry : entries) {
                if (entry instanceof Entry.Target t && !liveTargets.contains(t.target().value())) {
                    return MessageKeys.TARGET_NOT_FOUND;
                }
            }
            for (ExecutionId include : includesOf(entries)) {
                if (!executions.containsKey(include)) {
                    return MessageKeys.INCLUDE_NOT_FOUND;
                }
            }
            Map<ExecutionId, List<Entry>> after = new HashMap<>(executions);
            after.put(self, entries);
            if (reaches(after, self, self, new HashSet<>())) {
                return MessageKeys.CIRCULAR_INCLUDE;
            }
            if (longestPathThrough(after, self) > DEPTH) {
                return MessageKeys.MAX_LEVELS_INCLUDE;
            }
            if (entries.isEmpty()) {
                for (Map.Entry<ExecutionId, List<Entry>> other : executions.entrySet()) {
                    if (includesOf(other.getValue()).contains(self)) {
                        return MessageKeys.STILL_INCLUDED;
                    }
                }
            }
            return entries.equals(executions.getOrDefault(self, List.of())) ? "unchanged" : "written";
        }

        void apply(ExecutionId id, List<Entry> entries) {
            if (entries.isEmpty()) {
                executions.remove(id);
            } else {
                executions.put(id, entries);
            }
        }

        static List<ExecutionId> includesOf(List<Entry> entries) {
            List<ExecutionId> result = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry instanceof Entry.Include include) {
                    result.add(include.include());
                }
            }
            return result;
        }

        private static boolean reaches(Map<ExecutionId, List<Entry>> graph, ExecutionId from, ExecutionId to,
                                       Set<ExecutionId> seen) {
            for (ExecutionId next : includesOf(graph.getOrDefault(from, List.of()))) {
                if (next.equals(to)) {
                    return true;
                }
                if (seen.add(next) && reaches(graph, next, to, seen)) {
                    return true;
                }
            }
            return false;
        }

        /** Every simple path, counted in executions, that contains {@code node}: the longest. */
        private static int longestPathThrough(Map<ExecutionId, List<Entry>> graph, ExecutionId node) {
            int best = 0;
            Set<ExecutionId> all = new HashSet<>(graph.keySet());
            graph.values().forEach(list -> all.addAll(includesOf(list)));
            for (ExecutionId start : all) {
                best = Math.max(best, longestContaining(graph, start, node, new LinkedHashSet<>(List.of(start))));
            }
            return best;
        }

        private static int longestContaining(Map<ExecutionId, List<Entry>> graph, ExecutionId at, ExecutionId node,
                                             LinkedHashSet<ExecutionId> path) {
            int best = path.contains(node) ? path.size() : 0;
            for (ExecutionId next : includesOf(graph.getOrDefault(at, List.of()))) {
                if (path.add(next)) {
                    best = Math.max(best, longestContaining(graph, next, node, path));
                    path.remove(next);
                }
            }
            return best;
        }

        static int longestPathFrom(Map<ExecutionId, List<Entry>> graph, ExecutionId at, LinkedHashSet<ExecutionId> path) {
            path.add(at);
            int best = path.size();
            for (ExecutionId next : includesOf(graph.getOrDefault(at, List.of()))) {
                if (!path.contains(next)) {
                    best = Math.max(best, longestPathFrom(graph, next, path));
                }
            }
            path.remove(at);
            return best;
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Entry> entry = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(TARGETS.subList(0, 3)).map(Entry::target)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Entry.target(TARGETS.get(3)))),
                net.jqwik.api.Tuple.of(10, Arbitraries.of(CONDITIONS).map(Entry::include)));
        Arbitrary<Step> set = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, CONDITIONS.size() - 1),
                        entry.list().ofMinSize(1).ofMaxSize(3))
                .as((c, entries) -> new Step(c, entries, null));
        Arbitrary<Step> clear = Arbitraries.integers().between(0, CONDITIONS.size() - 1)
                .map(c -> new Step(c, List.of(), null));
        Arbitrary<Step> delete = Arbitraries.of(TARGETS).map(t -> new Step(0, List.of(), t));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(14, set), net.jqwik.api.Tuple.of(2, clear),
                        net.jqwik.api.Tuple.of(1, delete))
                .list().ofMinSize(10).ofMaxSize(60);
    }
}
