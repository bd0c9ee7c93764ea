package io.executions.projections;

import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static io.executions.projections.ProjectionFixture.ids;
import static io.executions.projections.ResolveQuery.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Resolution racing writes: readers never see a torn list, and no stale answer outlives a write. */
class ConcurrentResolutionTest {
    private static final int WRITES = 2_000;
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    @Test
    void afterRacingWritesEveryResolutionShowsTheLastWrite() throws Exception {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"));
        List<DomainEventMessage<?>> writes = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            writes.add(fx.message(i % 2 == 0 ? set(I1, "request", target("T1"), target("T2"))
                    : set(I1, "request/a.b.S", target("T2"), target("T1"))));
        }
        ExecutorService readers = Executors.newFixedThreadPool(2);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch readersRunning = new CountDownLatch(2);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                results.add(readers.submit(() -> {
                    boolean wellFormed = true;
                    do {
                        List<String> seen = ids(fx.resolve(I1, request("/a.b.S/M")));
                        wellFormed &= seen.isEmpty() || seen.equals(List.of("T1", "T2"))
                                || seen.equals(List.of("T2", "T1"));
                        readersRunning.countDown();
                    } while (writing.get());
                    return wellFormed;
                }));
            }
            assertThat(readersRunning.await(30, TimeUnit.SECONDS)).isTrue();
            writes.forEach(fx.models::apply);
            writing.set(false);

            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(fx.resolve(I1, request("/a.b.S/M")).matched()).isEqualTo(ProjectionFixture.eid("request/a.b.S"));
            assertThat(ids(fx.resolve(I1, request("/a.b.S/M")))).containsExactly("T2", "T1");
            assertThat(ids(fx.resolve(I1, request("/x.y.Z/M")))).containsExactly("T1", "T2");
        } finally {
            readers.shutdownNow();
        }
    }
}
