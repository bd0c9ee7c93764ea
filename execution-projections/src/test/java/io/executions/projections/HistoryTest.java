package io.executions.projections;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.I2;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.clearedBy;
import static io.executions.projections.EventDsl.include;
import static io.executions.projections.EventDsl.removeTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.setBy;
import static io.executions.projections.EventDsl.target;
import static io.executions.projections.ProjectionFixture.eid;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Audit"): the history of one execution, from the event store. */
class HistoryTest {
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    @Test
    void aNeverSetExecutionHasNoHistory() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));

        assertThat(fx.queries().history(I1, eid("request/a.b.S"))).isEmpty();
    }

    @Test
    void everyChangeIsListedOldestFirstWithDateActorKindAndTheListsBeforeAndAfter() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "request/a.b.S", target("T2")),
                setBy("alice", I1, "request", target("T1")));
        Instant first = fx.now();
        fx.given(setBy("bob", I1, "request", target("T2"), include("request/a.b.S")));
        Instant second = fx.now();
        fx.given(clearedBy("carol", I1, "request"));
        Instant third = fx.now();
        fx.given(setBy("dave", I1, "request", target("T1")));
        Instant fourth = fx.now();

        assertThat(fx.queries().history(I1, eid("request"))).containsExactly(
                new HistoryEntry(first, "alice", HistoryEntry.Kind.SET, List.of(), List.of(target("T1"))),
                new HistoryEntry(second, "bob", HistoryEntry.Kind.SET, List.of(target("T1")),
                        List.of(target("T2"), include("request/a.b.S"))),
                new HistoryEntry(third, "carol", HistoryEntry.Kind.CLEARED,
                        List.of(target("T2"), include("request/a.b.S")), List.of()),
                new HistoryEntry(fourth, "dave", HistoryEntry.Kind.SET, List.of(), List.of(target("T1"))));
    }

    @Test
    void theHistoryShowsTheListsAsSetEvenAfterATargetWasDeleted() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")), removeTarget(I1, "T1"));

        assertThat(fx.queries().history(I1, eid("request")).get(0).targets()).containsExactly(target("T1"));
    }

    @Test
    void theHistoryOfOneInstanceShowsNothingOfAnother() {
        fx.given(addTarget(I1, "T1"), addTarget(I2, "T1"), set(I2, "request", target("T1")));

        assertThat(fx.queries().history(I1, eid("request"))).isEmpty();
        assertThat(fx.queries().history(I2, eid("request"))).hasSize(1);
    }
}
