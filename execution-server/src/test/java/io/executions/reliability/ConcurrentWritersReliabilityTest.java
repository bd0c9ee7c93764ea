package io.executions.reliability;

import io.executions.server.ServerConfig;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.TargetType;
import io.executions.projections.ReplayReport;
import io.executions.runtime.Executions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 2 of RELIABILITY.md: eight threads of one process send thousands of random, conflicting commands
 * to one instance through the engine: SetExecution with targets, includes (cycles and deep chains among
 * them) and clearings, target creations and target deletions. Afterwards the whole event store is folded
 * and no state the rules forbid ever existed, every acknowledged write is in the store and nothing else
 * is, and the live read models equal a fresh replay.
 */
class ConcurrentWritersReliabilityTest {
    private static final int THREADS = 8;
    private static final int EXECUTIONS = 10;
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final SetExecution NOTHING = null;

    @TempDir
    Path dir;

    @Test
    void eightWritersOnTheMemoryStoreNeverBreakTheRulesNorLoseAnAcknowledgedWrite() throws Exception {
        run("memory", TestConfig.memoryStorage(), Runs.pick(1000, 10_000));
    }

    @Test
    void eightWritersOnTheH2FileStoreNeverBreakTheRulesNorLoseAnAcknowledgedWrite() throws Exception {
        run("h2", TestConfig.h2Storage(dir.resolve("concurrent")), Runs.pick(400, 5_000));
    }

    /** What a writer was told: the answer of a command that succeeded. */
    private record Ack(SetExecution command, SetExecutionResult result, TargetId target, boolean removed) {
    }

    private void run(String store, String storageJson, int commandsPerThread) throws Exception {
        ServerConfig config = ServerConfig.parse(TestConfig.json(storageJson, false).getBytes(StandardCharsets.UTF_8),
                "reliability config");
        try (Executions engine = config.engineBuilder().build()) {
            List<TargetId> pool = new CopyOnWriteArrayList<>();
            AtomicInteger nextTarget = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                pool.add(create(engine, nextTarget));
            }
            AtomicInteger rejections = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(THREADS);
            List<Future<List<Ack>>> futures = new ArrayList<>();
            long started = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(8205L * (t + 1));
                futures.add(writers.submit(() -> {
                    List<Ack> acks = new ArrayList<>();
                    for (int i = 0; i < commandsPerThread; i++) {
                        int dice = random.nextInt(100);
                        try {
                            if (dice < 6) {
                                TargetId id = create(engine, nextTarget);
                                pool.add(id);
                                acks.add(new Ack(NOTHING, null, id, false));
                            } else if (dice < 12) {
                                TargetId id = pool.get(random.nextInt(pool.size()));
                                engine.deleteTarget(new DeleteTarget(I1, id, "writer"));
                                acks.add(new Ack(NOTHING, null, id, true));
                            } else {
                                SetExecution command = randomSet(random, pool);
                                acks.add(new Ack(command, engine.setExecution(command), null, false));
                            }
                        } catch (Rejection refused) {
                            rejections.incrementAndGet();
                        }
                    }
                    return acks;
                }));
            }
            writers.shutdown();
            assertThat(writers.awaitTermination(10, TimeUnit.MINUTES)).as("the writers finished in time").isTrue();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            List<Ack> acks = new ArrayList<>();
            for (Future<List<Ack>> future : futures) {
                acks.addAll(future.get());
            }

            StoreFold fold = StoreFold.of(engine);

            long written = 0;
            long checked = 0;
            for (Ack ack : acks) {
                if (ack.command() != null) {
                    if (ack.result().written()) {
                        written++;
                    }
                    if (!ack.result().setDate().equals(SetExecutionResult.NEVER)) {
                        checked++;
                        assertThat(fold.holds(I1, ack.command().executionId(), ack.command().entries(),
                                ack.result().setDate())).as("acknowledged %s at %s is in the store", ack.command(),
                                ack.result().setDate()).isTrue();
                    }
                } else {
                    checked++;
                    assertThat(fold.holdsTarget(I1, ack.target(), ack.removed()))
                            .as("acknowledged %s of target %s is in the store", ack.removed() ? "deletion" : "creation",
                                    ack.target()).isTrue();
                }
            }
            assertThat(fold.writes).as("the store holds exactly the acknowledged execution writes").hasSize((int) written);
            assertThat(written).as("some writes succeeded").isGreaterThan(commandsPerThread / 10);
            assertThat(rejections.get()).as("some writes were refused by rules 8 to 12").isPositive();
            ReplayReport replay = engine.verifyReplay(null);
            assertThat(replay.differences()).as("read models equal a fresh replay").isEmpty();
            assertThat(replay.equal()).isTrue();
            Runs.report("concurrent writers " + store, THREADS + " threads x " + commandsPerThread + " commands = "
                    + THREADS * commandsPerThread + " in " + tookMs + " ms; acknowledged " + acks.size()
                    + " (execution events written " + written + "), refused " + rejections.get() + "; checked "
                    + checked + " acknowledged answers against " + fold.events + " stored events; replay equal");
        }
    }

    private static TargetId create(Executions engine, AtomicInteger next) {
        TargetId id = TargetId.of("T" + next.getAndIncrement());
        TargetResult result = engine.createTarget(new CreateTarget(I1, id, "target " + id.value(), TargetType.REST_WEBHOOK,
                true, "https://example.com/" + id.value(), Duration.ofSeconds(5), "writer"));
        assertThat(result.date()).isAfter(Instant.EPOCH);
        return id;
    }

    private static SetExecution randomSet(Random random, List<TargetId> pool) {
        Condition self = Condition.requestMethod(TestConfig.method(random.nextInt(EXECUTIONS)));
        Set<Entry> entries = new LinkedHashSet<>();
        if (random.nextInt(5) != 0) {
            int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                if (random.nextInt(3) == 0) {
                    entries.add(Entry.include(Condition.requestMethod(TestConfig.method(random.nextInt(EXECUTIONS)))));
                } else {
                    // mostly recent targets, which are more likely to be alive
                    int n = pool.size();
                    int index = Math.max(0, n - 1 - random.nextInt(Math.min(n, 12)));
                    entries.add(new Entry.Target(pool.get(index)));
                }
            }
        }
        return new SetExecution(I1, self, List.copyOf(entries), "writer");
    }
}
