package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.include;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static io.executions.projections.ResolveQuery.event;
import static io.executions.projections.ResolveQuery.request;
import static org.assertj.core.api.Assertions.assertThat;

/** BENCHMARKS.md "Scale goals": resolution answers from precomputed state for every key, with no cap and no allocation. */
class PrecomputedResolutionTest {
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    @Test
    void everyOneOfManyDistinctKeysAnswersCorrectlyOnItsFirstAndEveryLaterAsk() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"));
        int methods = 25_000;
        for (int i = 0; i < methods; i++) {
            fx.models.apply(fx.message(set(I1, "request/a.b.S" + (i % 50) + "/M" + i, target("T1"))));
        }
        fx.given(set(I1, "request/x.y.Z", target("T2")));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < methods; i++) {
                Resolution r = fx.resolve(I1, request("/a.b.S" + (i % 50) + "/M" + i));
                assertThat(r.matched()).isEqualTo(ExecutionId.parse("request/a.b.S" + (i % 50) + "/M" + i));
            }
            assertThat(fx.resolve(I1, request("/x.y.Z/Any")).matched()).isEqualTo(ExecutionId.parse("request/x.y.Z"));
        }
    }

    @Test
    void aResolutionAllocatesNothingOnAHitOrAMiss() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"),
                set(I1, "request/a.b.S/M", target("T1")),
                set(I1, "request/c.d.S", target("T2")),
                set(I1, "event/user.*", target("T1")),
                set(I1, "event", include("event/user.*")));
        ResolveQuery[] queries = List.of(request("/a.b.S/M"), request("/c.d.S/Other"), request("a.b.S/M"),
                request("/no.Such/M"), event("user.human.added"), event("org.added"),
                request("/zitadel.action.v2.ActionService/SetExecution")).toArray(ResolveQuery[]::new);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int calls = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            for (int q = 0; q < queries.length; q++) {
                fx.models.resolve(I1, queries[q]);
            }
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 50_000; i++) {
            for (int q = 0; q < queries.length; q++) {
                if (fx.models.resolve(I1, queries[q]).matched() != null) {
                    calls++;
                }
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(calls).isEqualTo(50_000 * 5);
        // 350,000 resolutions: any allocation per call would be at least 16 bytes each, megabytes in all
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void aNewTargetOfAnIncludedExecutionReachesTheAnswerOfEveryIncluderAtOnce() {
        fx.given(addTarget(I1, "T1"), set(I1, "request/a.b.S", target("T1")),
                set(I1, "request/a.b.S/M", include("request/a.b.S")));
        Resolution before = fx.resolve(I1, request("/a.b.S/M"));

        fx.given(addTarget(I1, "T2"), set(I1, "request/a.b.S", target("T2"), target("T1")));

        Resolution after = fx.resolve(I1, request("/a.b.S/M"));
        assertThat(after).isNotSameAs(before);
        assertThat(after.targets()).extracting(t -> t.id().value()).containsExactly("T2", "T1");
        assertThat(after.targets().get(0).via()).extracting(ExecutionId::value)
                .containsExactly("request/a.b.S/M", "request/a.b.S");
    }

    @Test
    void theRoutingViewLetsAHypotheticalChangeBeFlattenedWithoutTouchingTheLiveModel() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "request/a.b.S", target("T1")),
                set(I1, "request/a.b.S/M", include("request/a.b.S")));
        RoutingView now = fx.models.routingView(I1);
        ExecutionId service = ExecutionId.parse("request/a.b.S");
        ExecutionId method = ExecutionId.parse("request/a.b.S/M");

        var entries = new java.util.HashMap<>(now.entries());
        entries.put(service, List.of(Entry.target("T2")));
        RoutingView hypothetical = new RoutingView(entries, now.targets());

        assertThat(hypothetical.flattened(method)).extracting(t -> t.id().value()).containsExactly("T2");
        assertThat(now.flattened(method)).extracting(t -> t.id().value()).containsExactly("T1");
        assertThat(fx.resolve(I1, request("/a.b.S/M")).targets()).extracting(t -> t.id().value())
                .containsExactly("T1");
        assertThat(fx.models.storedEntries(I1, service)).containsExactly(Entry.target("T1"));
        assertThat(fx.models.liveTarget(I1, TargetId.of("T2"))).isPresent();
    }
}
