package io.executions.runtime;

import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules 8 to 12 under concurrency (docs/contract.md ("Checks of a call")): 8 threads send a few hundred random, conflicting
 * SetExecution commands (includes, clearings, cycles) to one instance. Afterwards the whole event store
 * is folded in order, and at every step there is no cycle, no chain longer than maxIncludeDepth and no
 * include of a cleared execution; and the store holds exactly the acknowledged writes.
 */
class ConcurrentWritersTest {
    private static final int THREADS = 8;
    private static final int EXECUTIONS = 8;
    private static final int TARGETS = 4;
    private static final ExecutionLimits LIMITS = ExecutionLimits.DEFAULTS;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersCannotBreakTheIncludeGraphInMemory() throws Exception {
        run(List.of(StorageConfig.memory()), 300);
    }

    @Test
    void concurrentWritersCannotBreakTheIncludeGraphOnH2() throws Exception {
        run(List.of(StorageConfig.h2(dir.resolve("concurrent"))), 120);
    }

    @Test
    void concurrentWritersCannotBreakTheIncludeGraphOnPostgres() throws Exception {
        run(List.of(TestStores.freshPostgresSchema()), 120);
    }

    @Test
    void twoEnginesSharingOnePostgresDatabaseCannotBreakTheIncludeGraph() throws Exception {
        StorageConfig shared = TestStores.freshPostgresSchema();
        run(List.of(shared, shared), 120);
    }

    /** An acknowledged write as it must appear in the store. */
    private record Write(ExecutionId id, List<Entry> entries, Instant at) {
    }

    private void run(List<StorageConfig> storages, int commandsPerThread) throws Exception {
        List<Executions> engines = new ArrayList<>();
        try {
            for (StorageConfig storage : storages) {
                engines.add(Executions.builder().storage(storage).catalog(TestStores.CATALOG).limits(LIMITS).build());
            }
            for (int t = 0; t < TARGETS; t++) {
                engines.get(0).createTarget(target(I1, "T" + t, "target " + t));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<List<Write>>> futures = new ArrayList<>();
            int[] rejections = new int[1];
            for (int t = 0; t < THREADS; t++) {
                Executions engine = engines.get(t % engines.size());
                Random random = new Random(4711L * (t + 1));
                futures.add(pool.submit(() -> {
                    List<Write> acknowledged = new ArrayList<>();
                    for (int i = 0; i < commandsPerThread; i++) {
                        SetExecution command = randomCommand(random);
                        try {
                            SetExecutionResult result = engine.setExecution(command);
                            if (result.written()) {
                                acknowledged.add(new Write(command.executionId(), command.entries(), result.setDate()));
                            }
                        } catch (Rejection expected) {
                            synchronized (rejections) {
                                rejections[0]++;
                            }
                        }
                    }
                    return acknowledged;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("writers finished in time").isTrue();
            List<Write> acknowledged = new ArrayList<>();
            for (Future<List<Write>> future : futures) {
                acknowledged.addAll(future.get());
            }

            List<Object> events = EngineContract.allEvents(engines.get(0));
            // the stream of the store must hold every stored event, or the fold below checks a wrong history
            assertThat((long) events.size()).as("events read back against the events stored")
                    .isEqualTo(engines.get(0).eventCount());
            // first whether the lookup the checks read agrees with the stored events: if it does and the graph
            // below is still broken, two commands' checks overlapped; if not, a lookup write was lost
            assertLookupMatches(engines.get(0), events);
            List<Write> stored = foldCheckingTheGraph(events);

            assertThat(acknowledged).as("some writes succeeded").hasSizeGreaterThan(20);
            assertThat(rejections[0]).as("some writes were refused").isPositive();
            assertThat(sorted(stored)).as("the store holds exactly the acknowledged writes")
                    .isEqualTo(sorted(acknowledged));
        } finally {
            engines.forEach(Executions::close);
        }
    }

    /** A SetExecution of one of 8 executions: targets and includes (cycles and deep chains too), or a clearing. */
    static SetExecution randomCommand(Random random) {
        Condition self = method(random.nextInt(EXECUTIONS));
        List<Entry> entries = new ArrayList<>();
        if (random.nextInt(4) != 0) {
            int size = 1 + random.nextInt(3);
            Set<Entry> unique = new LinkedHashSet<>();
            for (int i = 0; i < size; i++) {
                unique.add(random.nextBoolean()
                        ? Entry.target("T" + random.nextInt(TARGETS))
                        : Entry.include(method(random.nextInt(EXECUTIONS))));
            }
            entries.addAll(unique);
        }
        return new SetExecution(I1, self, entries, "writer");
    }

    /** Every execution's list in the command-side lookup equals the last stored event's. */
    private static void assertLookupMatches(Executions engine, List<Object> events) {
        Map<ExecutionId, List<Entry>> folded = new HashMap<>();
        for (Object event : events) {
            if (event instanceof ExecutionSet set) {
                folded.put(set.executionId(), set.entries());
            } else if (event instanceof ExecutionCleared cleared) {
                folded.remove(cleared.executionId());
            }
        }
        for (int i = 0; i < EXECUTIONS; i++) {
            ExecutionId id = ExecutionId.of(method(i));
            assertThat(engine.commandSideLookup().storedEntries(I1, id))
                    .as("the command-side lookup of " + id + " against the stored events")
                    .isEqualTo(folded.getOrDefault(id, List.of()));
        }
    }

    /** Folds the events in store order, checking the invariants after each one; returns the writes. */
    private static List<Write> foldCheckingTheGraph(List<Object> events) {
        Map<ExecutionId, List<Entry>> state = new HashMap<>();
        List<Write> writes = new ArrayList<>();
        int position = 0;
        for (Object event : events) {
            position++;
            if (event instanceof ExecutionSet set) {
                state.put(set.executionId(), set.entries());
                writes.add(new Write(set.executionId(), set.entries(), set.at()));
            } else if (event instanceof ExecutionCleared cleared) {
                state.remove(cleared.executionId());
                writes.add(new Write(cleared.executionId(), List.of(), cleared.at()));
            } else {
                continue;
            }
            String where = "after event " + position + " (" + event + ")";
            for (Map.Entry<ExecutionId, List<Entry>> execution : state.entrySet()) {
                for (ExecutionId include : includes(execution.getValue())) {
                    assertThat(state).as(where + ": " + execution.getKey() + " includes a cleared execution")
                            .containsKey(include);
                }
            }
            for (ExecutionId id : state.keySet()) {
                int longest = longestChain(id, state, new HashSet<>());
                assertThat(longest).as(where + ": longest chain from " + id).isLessThanOrEqualTo(LIMITS.maxIncludeDepth());
            }
        }
        return writes;
    }

    /** The longest chain starting at {@code id}, in executions; fails on a cycle. */
    private static int longestChain(ExecutionId id, Map<ExecutionId, List<Entry>> state, Set<ExecutionId> path) {
        assertThat(path.add(id)).as("include cycle through " + id + " via " + path).isTrue();
        int longest = 1;
        for (ExecutionId include : includes(state.getOrDefault(id, List.of()))) {
            longest = Math.max(longest, 1 + longestChain(include, state, path));
        }
        path.remove(id);
        return longest;
    }

    private static List<ExecutionId> includes(List<Entry> entries) {
        List<ExecutionId> includes = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include) {
                includes.add(include.include());
            }
        }
        return includes;
    }

    private static List<String> sorted(List<Write> writes) {
        List<String> keys = new ArrayList<>();
        for (Write write : writes) {
            keys.add(write.id() + "|" + write.entries() + "|" + write.at());
        }
        Collections.sort(keys);
        return keys;
    }
}
