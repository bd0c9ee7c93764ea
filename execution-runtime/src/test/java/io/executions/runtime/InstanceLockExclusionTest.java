package io.executions.runtime;

import io.executions.domain.api.Rejection;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance lock (docs/contract.md, "Checks of a call", rules 8 to 12 read the lookup under it) lets one
 * command of an instance at a time run its checks. Counted directly: a handler interceptor registered after
 * the engine's runs once the lock is held, and the command leaves the count when its unit of work starts to
 * commit (still holding the lock) or rolls back. With H2's {@code SELECT ... FOR UPDATE} as the lock, two
 * commands were seen inside together about 15 times a minute on a loaded machine, and on a quiet one this test
 * failed in 6 of 7 runs; ConcurrentWritersTest caught the resulting broken include graph only about once in 100
 * runs.
 */
class InstanceLockExclusionTest {
    private static final int THREADS = 8;
    private static final int COMMANDS_PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void commandsOfOneInstanceNeverRunTheirChecksAtTheSameTimeOnH2() throws Exception {
        assertOneAtATime(StorageConfig.h2(dir.resolve("lock")));
    }

    @Test
    void commandsOfOneInstanceNeverRunTheirChecksAtTheSameTimeOnPostgres() throws Exception {
        assertOneAtATime(TestStores.freshPostgresSchema());
    }

    private static void assertOneAtATime(StorageConfig storage) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        MessageHandlerInterceptor<CommandMessage<?>> counter = (unitOfWork, chain) -> {
            entered.incrementAndGet();
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            AtomicBoolean left = new AtomicBoolean();
            Runnable leave = () -> {
                if (left.compareAndSet(false, true)) {
                    inside.decrementAndGet();
                }
            };
            // registered before the handler publishes events, so it runs first when the unit of work commits,
            // while the database transaction, and so the lock, is still open
            unitOfWork.onPrepareCommit(u -> leave.run());
            unitOfWork.onRollback(u -> leave.run());
            unitOfWork.onCleanup(u -> leave.run());
            return chain.proceed();
        };
        try (Executions engine = Executions.builder().storage(storage).catalog(TestStores.CATALOG).build()) {
            for (int t = 0; t < 4; t++) {
                engine.createTarget(target(I1, "T" + t, "target " + t));
            }
            engine.axonConfiguration().commandBus().registerHandlerInterceptor(counter);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(31L * (t + 1));
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
                        try {
                            engine.setExecution(ConcurrentWritersTest.randomCommand(random));
                        } catch (Rejection refused) {
                            // a refused write is still a command that ran its checks under the lock
                        }
                    }
                    return null;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("writers finished in time").isTrue();
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        assertThat(entered.get()).as("commands counted").isEqualTo(THREADS * COMMANDS_PER_THREAD);
        assertThat(mostInside.get()).as("most commands of the instance inside the lock at once").isEqualTo(1);
    }
}
