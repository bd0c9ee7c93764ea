package io.executions.server.rest;

import io.executions.api.Permissions;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract.md ("Checks of a call")'s table, one test per row, over HTTP: each answers its status, gRPC code and message key,
 * and nothing was written (event count, listing and the execution's history unchanged).
 */
class SetExecutionChecksTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs the request and checks that the store, the listing and the condition's history did not change. */
    private static Answer writesNothing(String condition, Supplier<Answer> request) {
        long events = server.engine.eventCount();
        var listing = server.list(ADMIN).json();
        var history = server.history(ADMIN, condition).json();
        Answer answer = request.get();
        assertThat(server.engine.eventCount()).as("events written").isEqualTo(events);
        assertThat(server.list(ADMIN).json()).isEqualTo(listing);
        assertThat(server.history(ADMIN, condition).json()).isEqualTo(history);
        return answer;
    }

    private static String targets(String... ids) {
        StringBuilder b = new StringBuilder("[");
        for (String id : ids) {
            b.append(b.length() > 1 ? ", " : "").append("{\"target\": ").append(quote(id)).append('}');
        }
        return b.append(']').toString();
    }

    private static String include(String condition) {
        return "{\"include\": " + condition + "}";
    }

    private static String set(String condition, String entries) {
        Answer answer = server.setExecution(ADMIN, condition, entries);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        return condition;
    }

    @Test
    void row1_anUnauthenticatedCallerIsAnswered401TokenInvalid() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row1"));
        String condition = requestMethod(freshMethod());
        Answer noHeader = writesNothing(condition, () -> server.setExecution(null, condition, targets(target)));
        assertError(noHeader, 401, 16, "Errors.Token.Invalid");
        Answer unknownToken = writesNothing(condition,
                () -> server.setExecution("not-a-token", condition, targets(target)));
        assertError(unknownToken, 401, 16, "Errors.Token.Invalid");
    }

    @Test
    void row2_aCallerWithoutExecutionWriteIsAnswered403PermissionDenied() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row2"));
        String condition = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(
                RunningServer.without(Permissions.EXECUTION_WRITE), condition, targets(target)));
        assertError(answer, 403, 7, "Errors.Permission.Denied");
    }

    @Test
    void row3_anInstanceWithoutTheActionsFeatureIsAnswered404NotEnabled() {
        String condition = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(RunningServer.NO_ACTIONS, condition,
                "[]"));
        assertError(answer, 404, 5, "Errors.Action.NotEnabled");
    }

    @Test
    void row4_aBodyThatIsNotJsonOfTheRightShapeIsAnswered400ExecutionInvalid() {
        String condition = requestMethod(freshMethod());
        Answer notJson = writesNothing(condition, () -> server.send("PUT", "/v2beta/actions/executions", ADMIN,
                "{\"condition\": " + condition + ", \"targets\": [}"));
        assertError(notJson, 400, 3, "Errors.Execution.Invalid");
        Answer wrongType = writesNothing(condition, () -> server.send("PUT", "/v2beta/actions/executions", ADMIN,
                "{\"condition\": " + condition + ", \"targets\": \"T1\"}"));
        assertError(wrongType, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row5_aConditionWithTwoKindsIsAnswered400ExecutionInvalid() {
        String method = freshMethod();
        String condition = "{\"request\": {\"method\": " + quote(method) + "}, \"event\": {\"all\": true}}";
        Answer answer = writesNothing(requestMethod(method), () -> server.setExecution(ADMIN, condition, "[]"));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row5_aConditionWithTwoChoicesIsAnswered400ExecutionInvalid() {
        String method = freshMethod();
        String condition = "{\"request\": {\"method\": " + quote(method) + ", \"service\": \"" + RunningServer.SERVICE
                + "\"}}";
        Answer answer = writesNothing(requestMethod(method), () -> server.setExecution(ADMIN, condition, "[]"));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row5_aMissingConditionAllFalseATooLongMethodAndABareGroupAreAnswered400ExecutionInvalid() {
        String probe = requestMethod(freshMethod());
        assertError(writesNothing(probe, () -> server.send("PUT", "/v2beta/actions/executions", ADMIN,
                "{\"targets\": []}")), 400, 3, "Errors.Execution.Invalid");
        assertError(writesNothing(probe, () -> server.setExecution(ADMIN, "{\"request\": {\"all\": false}}", "[]")),
                400, 3, "Errors.Execution.Invalid");
        assertError(writesNothing(probe, () -> server.setExecution(ADMIN,
                requestMethod("/" + "a".repeat(1001)), "[]")), 400, 3, "Errors.Execution.Invalid");
        assertError(writesNothing(probe, () -> server.setExecution(ADMIN, "{\"event\": {\"group\": \".*\"}}", "[]")),
                400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row6_anEntryWithBothTargetAndIncludeIsAnswered400ExecutionInvalid() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row6"));
        String included = set(requestMethod(freshMethod()), targets(target));
        String condition = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                "[{\"target\": " + quote(target) + ", \"include\": " + included + "}]"));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row6_theSameEntryTwiceIsAnswered400ExecutionInvalid() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row6dup"));
        String condition = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                targets(target, target)));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row6_moreThanMaxEntriesIsAnswered400ExecutionInvalid() {
        String condition = requestMethod(freshMethod());
        String[] ids = new String[101];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "T" + i;
        }
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition, targets(ids)));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row7_aMethodNotInTheCatalogIsAnswered404ConditionInvalid() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row7"));
        String condition = requestMethod("/" + RunningServer.SERVICE + "/NoSuchMethod");
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition, targets(target)));
        assertError(answer, 404, 5, "Errors.Execution.ConditionInvalid");
    }

    @Test
    void row7_aGroupThatIsOnlyARawPrefixIsAnswered404ConditionInvalid() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row7g"));
        String condition = "{\"event\": {\"group\": \"user.hum\"}}";
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition, targets(target)));
        assertError(answer, 404, 5, "Errors.Execution.ConditionInvalid");
    }

    @Test
    void row8_anUnknownTargetIsAnswered404TargetNotFound() {
        String condition = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                targets("no-such-target")));
        assertError(answer, 404, 5, "Errors.Target.NotFound");
    }

    @Test
    void row8_resendingAListThatNamesADeletedTargetIsAnswered404TargetNotFound() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row8del"));
        String condition = set(requestMethod(freshMethod()), targets(target));
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + target, ADMIN, null).status()).isEqualTo(200);
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition, targets(target)));
        assertError(answer, 404, 5, "Errors.Target.NotFound");
    }

    @Test
    void row9_anIncludeOfANeverSetExecutionIsAnswered404IncludeNotFound() {
        String condition = requestMethod(freshMethod());
        String neverSet = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                "[" + include(neverSet) + "]"));
        assertError(answer, 404, 5, "Errors.Execution.IncludeNotFound");
    }

    @Test
    void row9_anIncludeOfAClearedExecutionIsAnswered404IncludeNotFound() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row9"));
        String cleared = set(requestMethod(freshMethod()), targets(target));
        set(cleared, "[]");
        String condition = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                "[" + include(cleared) + "]"));
        assertError(answer, 404, 5, "Errors.Execution.IncludeNotFound");
    }

    @Test
    void row10_anIncludeCycleIsAnswered400CircularInclude() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row10"));
        String b = set(requestMethod(freshMethod()), targets(target));
        String a = set(requestMethod(freshMethod()), "[" + include(b) + "]");
        Answer answer = writesNothing(b, () -> server.setExecution(ADMIN, b, "[" + include(a) + "]"));
        assertError(answer, 400, 9, "Errors.Execution.CircularInclude");
    }

    @Test
    void row10_anExecutionIncludingItselfIsAnswered400CircularInclude() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row10self"));
        String self = set(requestMethod(freshMethod()), targets(target));
        Answer answer = writesNothing(self, () -> server.setExecution(ADMIN, self,
                "[" + include(self) + "]"));
        assertError(answer, 400, 9, "Errors.Execution.CircularInclude");
    }

    @Test
    void row11_aChainOfFourExecutionsIsAnswered400MaxLevelsInclude() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row11"));
        String c = set(requestMethod(freshMethod()), targets(target));
        String b = set(requestMethod(freshMethod()), "[" + include(c) + "]");
        String a = set(requestMethod(freshMethod()), "[" + include(b) + "]");
        String x = requestMethod(freshMethod());
        Answer answer = writesNothing(x, () -> server.setExecution(ADMIN, x, "[" + include(a) + "]"));
        assertError(answer, 400, 9, "Errors.Execution.MaxLevelsInclude");
    }

    @Test
    void row12_clearingAnIncludedExecutionIsAnswered400StillIncluded() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row12"));
        String included = set(requestMethod(freshMethod()), targets(target));
        set(requestMethod(freshMethod()), "[" + include(included) + "]");
        Answer answer = writesNothing(included, () -> server.setExecution(ADMIN, included, "[]"));
        assertError(answer, 400, 9, "Errors.Execution.StillIncluded");
    }

    // ---- the first failing rule answers, in the table's order ------------------------------------

    @Test
    void row5IsCheckedBeforeRow7_aTooLongMethodOutsideTheCatalogIsAnswered400() {
        String condition = requestMethod("/" + "x".repeat(1000) + "/M");
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition, "[]"));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row6IsCheckedBeforeRow7_aRepeatedEntryOnAConditionOutsideTheCatalogIsAnswered400() {
        String condition = requestMethod("/" + RunningServer.SERVICE + "/NotInTheCatalog");
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition, targets("T", "T")));
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row7IsCheckedBeforeRow8_anUnknownTargetOnAConditionOutsideTheCatalogIsAnswered404ConditionInvalid() {
        String condition = "{\"function\": {\"name\": \"notInTheCatalog\"}}";
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                targets("no-such-target")));
        assertError(answer, 404, 5, "Errors.Execution.ConditionInvalid");
    }

    @Test
    void row8IsCheckedBeforeRow9_whateverTheOrderOfTheEntries() {
        String condition = requestMethod(freshMethod());
        String neverSet = requestMethod(freshMethod());
        Answer answer = writesNothing(condition, () -> server.setExecution(ADMIN, condition,
                "[" + include(neverSet) + ", {\"target\": \"no-such-target\"}]"));
        assertError(answer, 404, 5, "Errors.Target.NotFound");
    }

    @Test
    void row9IsCheckedBeforeRow10_aNeverSetExecutionIncludingItselfIsAnswered404IncludeNotFound() {
        String self = requestMethod(freshMethod());
        Answer answer = writesNothing(self, () -> server.setExecution(ADMIN, self, "[" + include(self) + "]"));
        assertError(answer, 404, 5, "Errors.Execution.IncludeNotFound");
    }

    @Test
    void row10IsCheckedBeforeRow11_aCycleThatIsAlsoTooDeepIsAnswered400CircularInclude() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row10first"));
        String c = set(requestMethod(freshMethod()), targets(target));
        String b = set(requestMethod(freshMethod()), "[" + include(c) + "]");
        String a = set(requestMethod(freshMethod()), "[" + include(b) + "]");
        Answer answer = writesNothing(c, () -> server.setExecution(ADMIN, c, "[" + include(a) + "]"));
        assertError(answer, 400, 9, "Errors.Execution.CircularInclude");
    }

    // ---- details of single rows -------------------------------------------------------------------

    @Test
    void row5_conditionStringsAreCountedInCodePointsUpTo1000() {
        String smiley = new String(Character.toChars(0x1F600));
        String condition = "{\"function\": {\"name\": " + quote(smiley.repeat(1000)) + "}}";
        // 1000 code points (2000 UTF-16 units) pass rule 5 and fail at rule 7, the catalog
        assertError(server.setExecution(ADMIN, condition, "[]"), 404, 5, "Errors.Execution.ConditionInvalid");
        String tooLong = "{\"function\": {\"name\": " + quote(smiley.repeat(1001)) + "}}";
        assertError(server.setExecution(ADMIN, tooLong, "[]"), 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row6_targetIdsAreCountedInCodePointsUpTo200() {
        String smiley = new String(Character.toChars(0x1F600));
        String condition = requestMethod(freshMethod());
        // 200 code points pass rule 6 and fail at rule 8: no such target
        assertError(server.setExecution(ADMIN, condition, "[" + quote(smiley.repeat(200)) + "]"),
                404, 5, "Errors.Target.NotFound");
        assertError(server.setExecution(ADMIN, condition, "[" + quote(smiley.repeat(201)) + "]"),
                400, 3, "Errors.Execution.Invalid");
        assertError(server.setExecution(ADMIN, condition, "[\"\"]"), 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void row7_anUnknownServiceFunctionEventOrGroupIsAnswered404ConditionInvalid() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row7all"));
        for (String condition : new String[]{"{\"response\": {\"service\": \"no.such.Service\"}}",
                "{\"function\": {\"name\": \"nosuchfunction\"}}", "{\"event\": {\"event\": \"user.human.gone\"}}",
                "{\"event\": {\"group\": \"nosuchgroup\"}}"}) {
            assertError(writesNothing(condition, () -> server.setExecution(ADMIN, condition, targets(target))),
                    404, 5, "Errors.Execution.ConditionInvalid");
        }
    }

    @Test
    void row7_aGroupWithATrailingDotStarIsTheSameExecutionAsWithout() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row7star"));
        Answer first = server.setExecution(ADMIN, "{\"event\": {\"group\": \"session.*\"}}", targets(target));
        assertThat(first.status()).as("%s", first.json()).isEqualTo(200);
        long events = server.engine.eventCount();
        Answer same = server.setExecution(ADMIN, "{\"event\": {\"group\": \"session\"}}", targets(target));
        assertThat(same.json()).isEqualTo(first.json());
        assertThat(server.engine.eventCount()).isEqualTo(events);
        Answer history = server.history(ADMIN, "{\"event\": {\"group\": \"session.*\"}}");
        assertThat(history.json().get("changes")).hasSize(1);
    }

    @Test
    void row9_anExecutionWhoseTargetsWereAllDeletedMayStillBeIncluded() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row9del"));
        String included = set(requestMethod(freshMethod()), targets(target));
        server.send("DELETE", "/v2beta/actions/targets/" + target, ADMIN, null);
        Answer answer = server.setExecution(ADMIN, requestMethod(freshMethod()), "[" + include(included) + "]");
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
    }

    @Test
    void row11_aChainOfThreeExecutionsIsAllowed() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row11ok"));
        String b = set(requestMethod(freshMethod()), targets(target));
        String a = set(requestMethod(freshMethod()), "[" + include(b) + "]");
        Answer answer = server.setExecution(ADMIN, requestMethod(freshMethod()), "[" + include(a) + "]");
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
    }

    @Test
    void row11_chainsReachingTheExecutionFromAboveCountToo() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row11up"));
        String d = set(requestMethod(freshMethod()), targets(target));
        String c = set(requestMethod(freshMethod()), targets(target));
        String b = set(requestMethod(freshMethod()), "[" + include(c) + "]");
        set(requestMethod(freshMethod()), "[" + include(b) + "]");
        // A -> B -> C exists; C -> D would make A -> B -> C -> D, four executions
        Answer answer = writesNothing(c, () -> server.setExecution(ADMIN, c, "[" + include(d) + "]"));
        assertError(answer, 400, 9, "Errors.Execution.MaxLevelsInclude");
    }

    @Test
    void row12_theRefusalNamesEveryIncludingExecution() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row12names"));
        String includedMethod = freshMethod();
        String included = set(requestMethod(includedMethod), targets(target));
        String firstMethod = freshMethod();
        String secondMethod = freshMethod();
        set(requestMethod(firstMethod), "[" + include(included) + "]");
        set(requestMethod(secondMethod), "[" + include(included) + "]");
        Answer answer = server.setExecution(ADMIN, included, "[]");
        assertError(answer, 400, 9, "Errors.Execution.StillIncluded");
        assertThat(answer.json().get("message").asText()).contains("request" + firstMethod, "request" + secondMethod);
    }

    @Test
    void row12_anExecutionMayBeClearedOnceItsIncluderNoLongerIncludesIt() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("row12free"));
        String included = set(requestMethod(freshMethod()), targets(target));
        String includer = set(requestMethod(freshMethod()), "[" + include(included) + "]");
        set(includer, targets(target));
        assertThat(server.setExecution(ADMIN, included, "[]").status()).isEqualTo(200);
    }
}
