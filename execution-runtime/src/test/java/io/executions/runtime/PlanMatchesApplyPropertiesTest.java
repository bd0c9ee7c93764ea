package io.executions.runtime;

import io.executions.domain.api.Condition;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ExecutionView;
import io.executions.projections.SafeChange;
import io.executions.projections.SortingColumn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/safe-change.md's promise, over random states and commands: a plan's {@code valid} and first violation are
 * what the PUT then answers, and its {@code after} and {@code affected} are the live state after applying it.
 * The resolved lists are computed here by a naive flattening of ListExecutions (independent of the plan's).
 */
class PlanMatchesApplyPropertiesTest {
    private static final List<Condition> CONDITIONS = new ArrayList<>();
    private static final List<String> TARGETS = List.of("T1", "T2", "T3", "T4");

    static {
        for (int i = 0; i < 6; i++) {
            CONDITIONS.add(Commands.method(i));
        }
        CONDITIONS.add(Condition.requestService("a.b.S"));
        CONDITIONS.add(Condition.requestAll());
        CONDITIONS.add(Condition.requestMethod("/a.b.S/NotInCatalog"));
    }

    /** A step: set a list on a condition, or delete a target. */
    record Step(int condition, List<Entry> entries, String deleteTarget) {
    }

    private Executions engine;
    private int instanceCounter;

    @BeforeProperty
    void start() {
        engine = Executions.builder().storage(StorageConfig.memory()).catalog(TestStores.CATALOG).build();
    }

    @AfterProperty
    void stop() {
        engine.close();
    }

    @Property(tries = 60)
    void aPlanPredictsWhatThePutAnswersAndWhatItChanges(@ForAll("histories") List<Step> steps) {
        InstanceId in = InstanceId.of("p" + instanceCounter++); // a fresh instance per try
        for (String t : TARGETS.subList(0, 3)) {
            engine.createTarget(target(in, t, "n" + t));
        }
        for (Step step : steps) {
            if (step.deleteTarget() != null) {
                engine.deleteTarget(new DeleteTarget(in, TargetId.of(step.deleteTarget()), "u1"));
                continue;
            }
            SetExecution command = new SetExecution(in, CONDITIONS.get(step.condition()), step.entries(), "u1");
            Map<ExecutionId, List<TargetId>> resolvedBefore = resolvedLists(in);
            long events = engine.eventCount();

            SafeChange.Plan plan = engine.safeChange().plan(in, command, List.of());
            assertThat(engine.eventCount()).as("a plan writes nothing").isEqualTo(events);
            String answer;
            try {
                engine.setExecution(command);
                answer = "ok";
            } catch (Rejection rejection) {
                answer = rejection.errorId() + " " + rejection.messageKey();
            }

            String predicted = plan.valid() ? "ok"
                    : plan.violations().get(0).errorId() + " " + plan.violations().get(0).messageKey();
            assertThat(predicted).as("plan of %s := %s", command.executionId(), command.entries()).isEqualTo(answer);
            Map<ExecutionId, List<TargetId>> resolvedAfter = resolvedLists(in);
            assertThat(storedList(in, command.executionId())).isEqualTo(visible(in, plan.after()));
            List<String> expectedAffected = new ArrayList<>();
            Set<ExecutionId> ids = new java.util.TreeSet<>(resolvedBefore.keySet());
            ids.addAll(resolvedAfter.keySet());
            for (ExecutionId id : ids) {
                List<TargetId> was = resolvedBefore.getOrDefault(id, List.of());
                List<TargetId> is = resolvedAfter.getOrDefault(id, List.of());
                if (!was.equals(is)) {
                    expectedAffected.add(id + " " + was + " -> " + is);
                }
            }
            List<String> actualAffected = plan.affected().stream()
                    .map(a -> a.executionId() + " " + a.before() + " -> " + a.after()).toList();
            assertThat(actualAffected).isEqualTo(expectedAffected);
            net.jqwik.api.statistics.Statistics.label("affected through includes")
                    .collect(actualAffected.size() > 1 ? "yes" : "no");
        }
    }

    /** The stored list as ListExecutions shows it (deleted targets left out). */
    private List<Entry> storedList(InstanceId in, ExecutionId id) {
        return listing(in).getOrDefault(id, List.of());
    }

    private List<Entry> visible(InstanceId in, List<Entry> entries) {
        Set<TargetId> live = liveTargets(in);
        return entries.stream().filter(e -> !(e instanceof Entry.Target t) || live.contains(t.target())).toList();
    }

    private Set<TargetId> liveTargets(InstanceId in) {
        Set<TargetId> live = new HashSet<>();
        for (String t : TARGETS) {
            if (engine.queries().target(in, TargetId.of(t)).isPresent()) {
                live.add(TargetId.of(t));
            }
        }
        return live;
    }

    private Map<ExecutionId, List<Entry>> listing(InstanceId in) {
        Map<ExecutionId, List<Entry>> out = new TreeMap<>();
        for (ExecutionView view : engine.queries().listExecutions(in,
                new ExecutionListQuery(List.of(), 0, 0, true, SortingColumn.ID, null)).executions()) {
            out.put(view.id(), view.targets());
        }
        return out;
    }

    /** docs/contract.md "Resolution"'s flattening, naively, of every listed execution. */
    private Map<ExecutionId, List<TargetId>> resolvedLists(InstanceId in) {
        Map<ExecutionId, List<Entry>> lists = listing(in);
        Map<ExecutionId, List<TargetId>> out = new HashMap<>();
        for (ExecutionId id : lists.keySet()) {
            LinkedHashSet<TargetId> flat = new LinkedHashSet<>();
            flatten(lists, id, flat, new HashSet<>());
            out.put(id, new ArrayList<>(flat));
        }
        return out;
    }

    private static void flatten(Map<ExecutionId, List<Entry>> lists, ExecutionId id, LinkedHashSet<TargetId> out,
                                Set<ExecutionId> path) {
        if (!path.add(id)) {
            return;
        }
        for (Entry entry : lists.getOrDefault(id, List.of())) {
            if (entry instanceof Entry.Target t) {
                out.add(t.target());
            } else if (entry instanceof Entry.Include include) {
                flatten(lists, include.include(), out, path);
            }
        }
        path.remove(id);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Entry> entry = Arbitraries.oneOf(
                Arbitraries.of(TARGETS).map(Entry::target),
                Arbitraries.integers().between(0, CONDITIONS.size() - 1).map(i -> Entry.include(CONDITIONS.get(i))));
        Arbitrary<Step> set = Arbitraries.integers().between(0, CONDITIONS.size() - 1)
                .flatMap(c -> entry.list().ofMaxSize(4).map(entries -> new Step(c, entries, null)));
        Arbitrary<Step> delete = Arbitraries.of(TARGETS).map(t -> new Step(0, List.of(), t));
        // a few executions set first, so that later includes (and changes under them) are mostly valid
        Arbitrary<List<Step>> bases = Arbitraries.integers().between(0, 2).flatMap(c -> Arbitraries.of(TARGETS)
                .list().ofMinSize(1).ofMaxSize(2).uniqueElements()
                .map(ts -> new Step(c, ts.stream().map(Entry::target).toList(), null))).list().ofSize(3);
        Arbitrary<Step> includeSet = Arbitraries.integers().between(0, CONDITIONS.size() - 1)
                .flatMap(c -> Arbitraries.integers().between(0, 2)
                        .map(i -> new Step(c, List.of(Entry.include(CONDITIONS.get(i))), null)));
        Arbitrary<List<Step>> rest = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, set),
                net.jqwik.api.Tuple.of(3, includeSet), net.jqwik.api.Tuple.of(1, delete)).list().ofMinSize(1).ofMaxSize(25);
        return net.jqwik.api.Combinators.combine(bases, rest).as((b, r) -> {
            List<Step> all = new ArrayList<>(b);
            all.addAll(r);
            return all;
        });
    }
}
