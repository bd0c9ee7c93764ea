package io.executions.projections;

import io.executions.domain.api.InstanceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import static io.executions.projections.ProjectionFixture.eid;
import static io.executions.projections.ProjectionFixture.ids;
import static io.executions.projections.ProjectionFixture.lines;
import static io.executions.projections.ResolveQuery.event;
import static io.executions.projections.ResolveQuery.function;
import static io.executions.projections.ResolveQuery.request;
import static io.executions.projections.ResolveQuery.response;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Resolution"): which targets run, one test per rule. */
class RoutingTest {
    private static final String METHOD = "/a.b.S/M";
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    private void givenTargets(InstanceId instance, String... ids) {
        for (String id : ids) {
            fx.given(addTarget(instance, id));
        }
    }

    @Test
    void theMethodExecutionBeatsTheServiceExecutionWhichBeatsAll() {
        givenTargets(I1, "T1", "T2", "T3");
        fx.given(set(I1, "request", target("T3")),
                set(I1, "request/a.b.S", target("T2")),
                set(I1, "request/a.b.S/M", target("T1")));

        assertThat(fx.resolve(I1, request(METHOD)).matched()).isEqualTo(eid("request/a.b.S/M"));
        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
        assertThat(ids(fx.resolve(I1, request("/a.b.S/Other")))).containsExactly("T2");
        assertThat(ids(fx.resolve(I1, request("/x.y.Z/M")))).containsExactly("T3");
    }

    @Test
    void aWriteToOneMethodLeavesTheAnswersOfOtherMethodsUntouched() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request/a.b.S/M", target("T1")));
        Resolution before = fx.resolve(I1, request(METHOD));
        assertThat(fx.resolve(I1, request("/a.b.S/N")).matched()).isNull();

        fx.given(set(I1, "request/a.b.S/N", target("T2")));

        assertThat(fx.resolve(I1, request(METHOD))).isSameAs(before);
        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
        assertThat(ids(fx.resolve(I1, request("/a.b.S/N")))).containsExactly("T2");
    }

    @Test
    void aWriteToAServiceExecutionReachesTheAnswersOfItsMethods() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request/a.b.S", target("T1")));
        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");

        fx.given(set(I1, "request/a.b.S", target("T2")));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T2");
        assertThat(ids(fx.resolve(I1, request("a.b.S/M")))).containsExactly("T2");
    }

    @Test
    void onlyTheMostSpecificExecutionRunsWithoutMergingLevels() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request", target("T2")), set(I1, "request/a.b.S/M", target("T1")));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
    }

    @Test
    void requestAndResponseAreResolvedSeparately() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request/a.b.S/M", target("T1")), set(I1, "response/a.b.S", target("T2")));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
        assertThat(ids(fx.resolve(I1, response(METHOD)))).containsExactly("T2");
        assertThat(fx.resolve(I1, response(METHOD)).matched()).isEqualTo(eid("response/a.b.S"));
    }

    @Test
    void theEventExecutionBeatsItsGroupWhichBeatsTheWiderGroupWhichBeatsAll() {
        givenTargets(I1, "T1", "T2", "T3", "T4");
        fx.given(set(I1, "event", target("T4")),
                set(I1, "event/user.*", target("T3")),
                set(I1, "event/user.human.*", target("T2")),
                set(I1, "event/user.human.added", target("T1")));

        assertThat(ids(fx.resolve(I1, event("user.human.added")))).containsExactly("T1");
        assertThat(ids(fx.resolve(I1, event("user.human.removed")))).containsExactly("T2");
        assertThat(ids(fx.resolve(I1, event("user.machine.added")))).containsExactly("T3");
        assertThat(ids(fx.resolve(I1, event("org.added")))).containsExactly("T4");
        assertThat(fx.resolve(I1, event("user.machine.added")).matched()).isEqualTo(eid("event/user.*"));
    }

    @Test
    void aGroupMatchesWholeSegmentsOnly() {
        givenTargets(I1, "T1");
        fx.given(set(I1, "event/user.hum.*", target("T1")));

        assertThat(fx.resolve(I1, event("user.human.added"))).isEqualTo(Resolution.NONE);
    }

    @Test
    void aFunctionMatchesItsOwnExecutionOnly() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "function/preuserinfo", target("T1")), set(I1, "request", target("T2")),
                set(I1, "event", target("T2")));

        assertThat(ids(fx.resolve(I1, function("preuserinfo")))).containsExactly("T1");
        assertThat(fx.resolve(I1, function("preaccesstoken"))).isEqualTo(Resolution.NONE);
    }

    @Test
    void nothingMatchedResolvesToNone() {
        givenTargets(I1, "T1");
        fx.given(set(I1, "request/a.b.S", target("T1")));

        assertThat(fx.resolve(I1, request("/x.y.Z/M"))).isEqualTo(Resolution.NONE);
        assertThat(fx.resolve(I1, event("user.human.added"))).isEqualTo(Resolution.NONE);
    }

    @Test
    void anIncludeIsSplicedInPlaceInStoredOrder() {
        givenTargets(I1, "T1", "T2", "T3", "T4");
        fx.given(set(I1, "request/a.b.S", target("T2"), target("T3")),
                set(I1, "request/a.b.S/M", target("T1"), include("request/a.b.S"), target("T4")));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1", "T2", "T3", "T4");
    }

    @Test
    void aTargetReachedTwiceRunsOnceAtItsFirstPosition() {
        givenTargets(I1, "T1", "T2", "T3");
        fx.given(set(I1, "request/a.b.S", target("T2"), target("T1")),
                set(I1, "request", target("T3"), target("T2")),
                set(I1, "request/a.b.S/M", target("T1"), include("request/a.b.S"), include("request")));

        assertThat(lines(fx.resolve(I1, request(METHOD)))).containsExactly(
                "T1 via [request/a.b.S/M]",
                "T2 via [request/a.b.S/M, request/a.b.S]",
                "T3 via [request/a.b.S/M, request]");
    }

    @Test
    void aDeletedTargetIsSkipped() {
        givenTargets(I1, "T1", "T2", "T3");
        fx.given(set(I1, "request/a.b.S", target("T3")),
                set(I1, "request/a.b.S/M", target("T1"), target("T2"), include("request/a.b.S")),
                removeTarget(I1, "T2"), removeTarget(I1, "T3"));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
    }

    @Test
    void anExecutionWhoseTargetsWereAllDeletedFallsThroughToALessSpecificOne() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request", target("T2")), set(I1, "request/a.b.S/M", target("T1")));
        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");

        fx.given(removeTarget(I1, "T1"));

        assertThat(fx.resolve(I1, request(METHOD)).matched()).isEqualTo(eid("request"));
        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T2");
    }

    @Test
    void anExecutionIncludingOnlyAnEmptiedExecutionFallsThrough() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request/a.b.S", target("T1")),
                set(I1, "request/a.b.S/M", include("request/a.b.S")),
                set(I1, "request", target("T2")), removeTarget(I1, "T1"));

        assertThat(fx.resolve(I1, request(METHOD)).matched()).isEqualTo(eid("request"));
    }

    @Test
    void aClearedExecutionDoesNotShadowALessSpecificOne() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "event", target("T2")), set(I1, "event/user.human.added", target("T1")));
        assertThat(ids(fx.resolve(I1, event("user.human.added")))).containsExactly("T1");

        fx.given(cleared(I1, "event/user.human.added"));

        assertThat(fx.resolve(I1, event("user.human.added")).matched()).isEqualTo(eid("event"));
        assertThat(ids(fx.resolve(I1, event("user.human.added")))).containsExactly("T2");
    }

    @Test
    void viaRunsFromTheMatchedExecutionDownToTheOneListingTheTarget() {
        givenTargets(I1, "T1", "T2", "T3");
        fx.given(set(I1, "request", target("T3")),
                set(I1, "request/a.b.S", target("T2"), include("request")),
                set(I1, "request/a.b.S/M", include("request/a.b.S"), target("T1")));

        assertThat(lines(fx.resolve(I1, request(METHOD)))).containsExactly(
                "T2 via [request/a.b.S/M, request/a.b.S]",
                "T3 via [request/a.b.S/M, request/a.b.S, request]",
                "T1 via [request/a.b.S/M]");
    }

    @Test
    void eachResolvedTargetCarriesItsFullCurrentDefinition() {
        givenTargets(I1, "T1");
        fx.given(set(I1, "function/preuserinfo", target("T1")));
        assertThat(fx.resolve(I1, function("preuserinfo")).targets().get(0).definition())
                .isEqualTo(definition("T1"));

        fx.given(changeTarget(I1, "T1", definition("renamed")));

        assertThat(fx.resolve(I1, function("preuserinfo")).targets().get(0).definition())
                .isEqualTo(definition("renamed"));
    }

    @Test
    void aTargetAddedAfterTheExecutionThatNamesItStartsToRun() {
        fx.given(set(I1, "function/preuserinfo", target("T1")));
        assertThat(fx.resolve(I1, function("preuserinfo"))).isEqualTo(Resolution.NONE);

        fx.given(addTarget(I1, "T1"));

        assertThat(ids(fx.resolve(I1, function("preuserinfo")))).containsExactly("T1");
    }

    @Test
    void aChangeOfAnIncludedExecutionReachesEveryIncluderTransitively() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request", target("T1")),
                set(I1, "request/a.b.S", include("request")),
                set(I1, "request/a.b.S/M", include("request/a.b.S")));
        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");

        fx.given(set(I1, "request", target("T2"), target("T1")));

        assertThat(lines(fx.resolve(I1, request(METHOD)))).containsExactly(
                "T2 via [request/a.b.S/M, request/a.b.S, request]",
                "T1 via [request/a.b.S/M, request/a.b.S, request]");
    }

    @Test
    void nothingCrossesInstances() {
        givenTargets(I1, "T1");
        givenTargets(I2, "T1");
        fx.given(set(I1, "request/a.b.S/M", target("T1")), removeTarget(I2, "T1"));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
        assertThat(fx.resolve(I2, request(METHOD))).isEqualTo(Resolution.NONE);
        assertThat(fx.resolve(InstanceId.of("never-seen"), request(METHOD))).isEqualTo(Resolution.NONE);
    }

    @Test
    void theLockOutGuardResolvesTheManagementApiToNothing() {
        givenTargets(I1, "T1");
        fx.given(set(I1, "request", target("T1")), set(I1, "response", target("T1")),
                set(I1, "request/zitadel.action.v2.ActionService/SetExecution", target("T1")));

        assertThat(fx.resolve(I1, request("/zitadel.action.v2.ActionService/SetExecution")))
                .isEqualTo(Resolution.NONE);
        assertThat(fx.resolve(I1, response("/zitadel.action.v2beta.ActionService/ListTargets")))
                .isEqualTo(Resolution.NONE);
        assertThat(ids(fx.resolve(I1, request("/zitadel.user.v2.UserService/AddHumanUser"))))
                .containsExactly("T1");
    }

    @Test
    void theLockOutGuardLetsTheManagementApiRunWhenTheHostOptsIn() {
        try (ProjectionFixture optedIn = new ProjectionFixture(
                LockOutGuard.of(List.of("zitadel.action.v2.ActionService"), true))) {
            optedIn.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));

            assertThat(ids(optedIn.resolve(I1, request("/zitadel.action.v2.ActionService/SetExecution"))))
                    .containsExactly("T1");
        }
    }

    @Test
    void theLockOutGuardProtectsTheServicesTheHostConfigured() {
        try (ProjectionFixture custom = new ProjectionFixture(LockOutGuard.of(List.of("my.Admin"), false))) {
            custom.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));

            assertThat(custom.resolve(I1, request("/my.Admin/Do"))).isEqualTo(Resolution.NONE);
            assertThat(ids(custom.resolve(I1, request("/zitadel.action.v2.ActionService/SetExecution"))))
                    .containsExactly("T1");
        }
    }

    @Test
    void theLockOutGuardDoesNotApplyToEventsOrFunctions() {
        givenTargets(I1, "T1");
        fx.given(set(I1, "event", target("T1")));

        assertThat(ids(fx.resolve(I1, event("zitadel.action.v2.ActionService")))).containsExactly("T1");
    }

    @Test
    void aRepeatedResolutionGivesTheSameAnswerUntilTheInstanceChanges() {
        givenTargets(I1, "T1", "T2");
        fx.given(set(I1, "request", target("T1")));
        Resolution first = fx.resolve(I1, request(METHOD));
        assertThat(fx.resolve(I1, request(METHOD))).isSameAs(first);

        fx.given(set(I1, "request", target("T2")));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T2");
    }
}
