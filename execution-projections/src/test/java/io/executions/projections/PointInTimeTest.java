package io.executions.projections;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.I2;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.changeTarget;
import static io.executions.projections.EventDsl.cleared;
import static io.executions.projections.EventDsl.definition;
import static io.executions.projections.EventDsl.removeTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static io.executions.projections.ProjectionFixture.ids;
import static io.executions.projections.ResolveQuery.request;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Audit"): resolution and listing as of a past instant, from the event store. */
class PointInTimeTest {
    private static final String METHOD = "/a.b.S/M";
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    private ExecutionPage listAt(Instant at) {
        return fx.queries().listExecutions(I1, new ExecutionListQuery(List.of(), 0, 0, true, null, at));
    }

    @Test
    void resolutionBeforeAChangeGivesTheOldAnswerAndAfterItTheNewOne() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "request", target("T1")));
        Instant before = fx.now();
        fx.given(set(I1, "request/a.b.S", target("T2")));
        Instant after = fx.now();

        assertThat(ids(fx.queries().resolveAt(I1, request(METHOD), before))).containsExactly("T1");
        assertThat(ids(fx.queries().resolveAt(I1, request(METHOD), after))).containsExactly("T2");
        assertThat(ids(fx.queries().resolveAt(I1, request(METHOD), after.minusMillis(1)))).containsExactly("T1");
    }

    @Test
    void resolutionBeforeAnythingWasSetResolvesToNothing() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));

        assertThat(fx.queries().resolveAt(I1, request(METHOD), ProjectionFixture.START)).isEqualTo(Resolution.NONE);
    }

    @Test
    void aTargetDeletedLaterStillResolvesAtAnEarlierInstantWithItsDefinitionOfThen() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));
        Instant then = fx.now();
        fx.given(changeTarget(I1, "T1", definition("renamed")), removeTarget(I1, "T1"));

        Resolution past = fx.queries().resolveAt(I1, request(METHOD), then);

        assertThat(ids(past)).containsExactly("T1");
        assertThat(past.targets().get(0).definition()).isEqualTo(definition("T1"));
        assertThat(fx.queries().resolve(I1, request(METHOD))).isEqualTo(Resolution.NONE);
    }

    @Test
    void listingAsOfAnInstantShowsTheExecutionsOfThen() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));
        Instant then = fx.now();
        fx.given(cleared(I1, "request"), set(I1, "event", target("T1")));

        assertThat(listAt(then).executions()).extracting(v -> v.id().value()).containsExactly("request");
        assertThat(listAt(fx.now()).executions()).extracting(v -> v.id().value()).containsExactly("event");
    }

    @Test
    void pointInTimeLeavesTheLiveModelUntouched() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "request", target("T1")));
        Instant then = fx.now();
        fx.given(set(I1, "request", target("T2")));
        var liveBefore = fx.models.canonicalState();

        fx.queries().resolveAt(I1, request(METHOD), then);
        listAt(then);

        assertThat(fx.models.canonicalState()).isEqualTo(liveBefore);
        assertThat(ids(fx.queries().resolve(I1, request(METHOD)))).containsExactly("T2");
    }

    @Test
    void pointInTimeStaysInsideItsInstance() {
        fx.given(addTarget(I2, "T1"), set(I2, "request", target("T1")));

        assertThat(fx.queries().resolveAt(I1, request(METHOD), fx.now())).isEqualTo(Resolution.NONE);
        assertThat(listAt(fx.now()).totalResult()).isZero();
    }

    @Test
    void pointInTimeAppliesTheLockOutGuard() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));

        assertThat(fx.queries().resolveAt(I1, request("/zitadel.action.v2.ActionService/SetExecution"), fx.now()))
                .isEqualTo(Resolution.NONE);
    }
}
