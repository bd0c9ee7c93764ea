package io.executions.projections;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.I2;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.changeTarget;
import static io.executions.projections.EventDsl.cleared;
import static io.executions.projections.EventDsl.definition;
import static io.executions.projections.EventDsl.include;
import static io.executions.projections.EventDsl.removeTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Audit"): rebuilding from the store gives exactly the live state, with progress. */
class ReplayVerificationTest {
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    @Test
    void aReplayOfTheStoreEqualsTheLiveModel() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), addTarget(I2, "T1"),
                set(I1, "request", target("T1")), set(I1, "request/a.b.S", include("request"), target("T2")),
                set(I2, "event", target("T1")), changeTarget(I1, "T2", definition("x")), removeTarget(I1, "T1"),
                cleared(I2, "event"));

        ReplayReport report = fx.models.verifyAgainstReplay(fx.store, ReplayProgress.NONE);

        assertThat(report.differences()).isEmpty();
        assertThat(report.equal()).isTrue();
        assertThat(report.events()).isEqualTo(9);
    }

    @Test
    void aReplayReportsWhatTheLiveModelMissed() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));
        fx.record(removeTarget(I1, "T1"));
        fx.record(set(I2, "event/user.*", target("T9")));

        ReplayReport report = fx.models.verifyAgainstReplay(fx.store, ReplayProgress.NONE);

        assertThat(report.equal()).isFalse();
        assertThat(report.differences()).anySatisfy(line -> assertThat(line)
                        .startsWith("instance i1: target T1 differs: live").contains("/ replay deleted"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("instance i1: execution request differs:"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("instance i2: execution event/user.* only in the replay"));
    }

    @Test
    void aReplayReportsProgressEveryTenThousandEventsAndAtTheEnd() {
        fx.given(addTarget(I1, "T1"));
        for (int i = 0; i < ReadModels.PROGRESS_EVERY; i++) {
            fx.given(changeTarget(I1, "T1", definition("name-" + i)));
        }
        List<long[]> calls = new ArrayList<>();

        ReplayReport report = fx.models.verifyAgainstReplay(fx.store, (done, total) -> calls.add(new long[]{done, total}));

        assertThat(report.equal()).isTrue();
        assertThat(calls).containsExactly(new long[]{10_000, -1}, new long[]{10_001, 10_001});
    }
}
