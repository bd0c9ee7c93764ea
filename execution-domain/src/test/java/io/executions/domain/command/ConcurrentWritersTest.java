package io.executions.domain.command;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.executions.domain.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads set conflicting includes on one instance at once: the stored history never holds a cycle,
 * an over-deep chain or an include of a cleared execution, and every acknowledged write is in the store.
 */
class ConcurrentWritersTest {
    private static final List<Condition> CONDITIONS = List.of(
            Condition.requestMethod(LIST), Condition.requestMethod(GET), Condition.requestService(SERVICE),
            Condition.requestAll(), Condition.event("user.human.added"), Condition.eventGroup("user"),
            Condition.eventGroup("user.human"), Condition.function("preuserinfo"));

    record Write(ExecutionId id, List<Entry> entries) {
    }

    @Test
    void conflictingIncludesFromEightThreadsNeverBreakTheInvariantsAndLoseNothing() throws Exception {
        try (InMemoryDomain domain = new InMemoryDomain(CATALOG, ExecutionLimits.DEFAULTS, Clock.systemUTC())) {
            for (String target : List.of("T1", "T2")) {
                domain.commands().sendAndWait(new CreateTarget(I1, TargetId.of(target), target,
                        TargetType.REST_CALL, true, "https://example.com", Duration.ofSeconds(1), ACTOR));
            }
            ConcurrentLinkedQueue<Write> acknowledged = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        Condition condition = CONDITIONS.get(random.nextInt(CONDITIONS.size()));
                        List<Entry> entries = randomEntries(random);
                        try {
                            SetExecutionResult result = domain.commands().sendAndWait(
                                    new SetExecution(I1, condition, entries, "thread"));
                            if (result.written()) {
                                acknowledged.add(new Write(condition.id(), entries));
                            }
                        } catch (Rejection expected) {
                            // refused by a rule: nothing written, nothing to check here
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            List<Write> stored = new ArrayList<>();
            Map<ExecutionId, List<Entry>> state = new HashMap<>();
            try (var stream = domain.eventStore().openStream(null)) {
                while (stream.hasNextAvailable()) {
                    EventMessage<?> message = stream.nextAvailable();
                    if (message.getPayload() instanceof ExecutionSet set) {
                        stored.add(new Write(set.executionId(), set.entries()));
                        state.put(set.executionId(), set.entries());
                    } else if (message.getPayload() instanceof ExecutionCleared cleared) {
                        stored.add(new Write(cleared.executionId(), List.of()));
                        state.remove(cleared.executionId());
                    }
                    assertInvariants(state);
                }
            }
            assertThat(acknowledged).hasSizeGreaterThan(50);
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }

    private static List<Entry> randomEntries(Random random) {
        int size = random.nextInt(4);
        LinkedHashSet<Entry> entries = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            entries.add(random.nextInt(3) == 0
                    ? Entry.target(random.nextBoolean() ? "T1" : "T2")
                    : Entry.include(CONDITIONS.get(random.nextInt(CONDITIONS.size()))));
        }
        return List.copyOf(entries);
    }

    /** Checked after every stored event, so a transient violation would be caught too. */
    private static void assertInvariants(Map<ExecutionId, List<Entry>> state) {
        for (Map.Entry<ExecutionId, List<Entry>> execution : state.entrySet()) {
            for (ExecutionId include : SetExecutionPropertiesTest.Reference.includesOf(execution.getValue())) {
                assertThat(state).as("%s includes a cleared or unset %s", execution.getKey(), include)
                        .containsKey(include);
            }
            assertThat(SetExecutionPropertiesTest.Reference.longestPathFrom(state, execution.getKey(),
                    new LinkedHashSet<>())).as("chain from %s (a cycle shows as a long chain)", execution.getKey())
                    .isLessThanOrEqualTo(3);
        }
    }
}
