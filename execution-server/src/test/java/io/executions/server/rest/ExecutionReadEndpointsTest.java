package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.Contract.assertTimestamp;
import static io.executions.server.rest.Contract.fieldNames;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Checks of a call") (answer), 6, 7 and 8 over HTTP: the exact JSON shapes. */
class ExecutionReadEndpointsTest {
    private static final String EXECUTIONS = "/v2beta/actions/executions";
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String service(String method) {
        return method.substring(1, method.lastIndexOf('/'));
    }

    @Test
    void setExecutionAnswersTheSetDateAndTheSameDateWhenNothingChanged() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("set"));
        String condition = requestMethod(freshMethod());
        Answer first = server.setExecution(ADMIN, condition, "[{\"target\": " + quote(target) + "}]");
        assertThat(first.status()).isEqualTo(200);
        assertThat(fieldNames(first.json())).containsExactly("setDate");
        assertTimestamp(first.json().get("setDate"));
        long events = server.engine.eventCount();
        Answer again = server.setExecution(ADMIN, condition, "[" + quote(target) + "]");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void listAnswersConditionDatesAndEntriesAsInTheRequest() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("list"));
        String included = "{\"event\": {\"group\": \"user.human\"}}";
        server.setExecution(ADMIN, included, "[" + quote(target) + "]");
        String condition = "{\"function\": {\"name\": \"preuserinfo\"}}";
        Answer set = server.setExecution(ADMIN, condition, "[{\"include\": " + included + "}, {\"target\": "
                + quote(target) + "}]");
        assertThat(set.status()).isEqualTo(200);
        Answer answer = server.send("POST", EXECUTIONS + "/_search", ADMIN,
                "{\"filters\": [{\"inConditionsFilter\": {\"conditions\": [" + condition + "]}}]}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("pagination", "executions");
        assertThat(answer.json().get("pagination").toString()).isEqualTo("{\"totalResult\":\"1\"}");
        JsonNode execution = answer.json().get("executions").get(0);
        assertThat(fieldNames(execution)).containsExactly("condition", "creationDate", "changeDate", "targets");
        assertThat(execution.get("condition").toString()).isEqualTo("{\"function\":{\"name\":\"preuserinfo\"}}");
        assertThat(execution.get("creationDate")).isEqualTo(set.json().get("setDate"));
        assertThat(execution.get("changeDate")).isEqualTo(set.json().get("setDate"));
        assertThat(execution.get("targets").toString()).isEqualTo("[{\"include\":{\"event\":{\"group\":\"user.human\"}}},"
                + "{\"target\":" + quote(target) + "}]");
        assertThat(server.send("POST", EXECUTIONS + "/search", ADMIN,
                "{\"filters\": [{\"inConditionsFilter\": {\"conditions\": [" + condition + "]}}]}").json())
                .isEqualTo(answer.json());
    }

    @Test
    void listWithATargetFilterMarksDirectAndIncludedMatches() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("direct"));
        String method = freshMethod();
        String lower = "{\"request\": {\"service\": " + quote(service(method)) + "}}";
        server.setExecution(ADMIN, lower, "[" + quote(target) + "]");
        server.setExecution(ADMIN, requestMethod(method), "[{\"include\": " + lower + "}]");
        Answer answer = server.send("POST", EXECUTIONS + "/_search", ADMIN,
                "{\"filters\": [{\"targetFilter\": {\"targetId\": " + quote(target) + "}}],"
                        + " \"sortingColumn\": \"EXECUTION_FIELD_NAME_ID\"}");
        JsonNode executions = answer.json().get("executions");
        assertThat(executions).hasSize(2);
        assertThat(executions.get(0).get("condition").toString()).isEqualTo(lower.replace(" ", ""));
        assertThat(executions.get(0).get("direct").asBoolean()).isTrue();
        assertThat(executions.get(1).get("direct").isBoolean()).isTrue();
        assertThat(executions.get(1).get("direct").asBoolean()).isFalse();
    }

    @Test
    void resolveAnswersTheMatchedExecutionAndEachTargetWithItsIncludePath() {
        String direct = server.createTarget(ADMIN, RunningServer.uniqueName("r1"));
        String viaInclude = server.createTarget(ADMIN, RunningServer.uniqueName("r2"));
        String method = freshMethod();
        String included = requestMethod(freshMethod());
        server.setExecution(ADMIN, included, "[" + quote(viaInclude) + "]");
        server.setExecution(ADMIN, requestMethod(method), "[{\"target\": " + quote(direct) + "}, {\"include\": "
                + included + "}]");
        Answer answer = server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"request\": {\"method\": " + quote(method) + "}}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("executionId", "targets");
        assertThat(answer.json().get("executionId").asText()).isEqualTo("request" + method);
        JsonNode first = answer.json().get("targets").get(0);
        assertThat(fieldNames(first)).containsExactly("id", "name", "endpoint", "timeout", "type",
                "interruptOnError", "via");
        assertThat(first.get("id").asText()).isEqualTo(direct);
        assertThat(first.get("endpoint").asText()).isEqualTo("https://example.com/hook");
        assertThat(first.get("timeout").asText()).isEqualTo("10s");
        assertThat(first.get("type").asText()).isEqualTo("restWebhook");
        assertThat(first.get("interruptOnError").asBoolean()).isTrue();
        assertThat(first.get("via").toString()).isEqualTo("[\"request" + method + "\"]");
        JsonNode second = answer.json().get("targets").get(1);
        assertThat(second.get("id").asText()).isEqualTo(viaInclude);
        String includedId = "request" + included.substring(included.indexOf("\"/") + 1, included.lastIndexOf('"'));
        assertThat(second.get("via").toString()).isEqualTo("[\"request" + method + "\",\"" + includedId + "\"]");
    }

    @Test
    void resolveOfNothingAnswersAnEmptyIdAndNoTargets() {
        Answer answer = server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"response\": {\"method\": \"/no.such.Service/Method\"}}");
        assertThat(answer.json().toString()).isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
    }

    @Test
    void resolveAtAPastInstantAnswersTheStateThen() {
        String target = server.createTarget(ADMIN, RunningServer.uniqueName("at"));
        String method = freshMethod();
        Instant before = Instant.now().minusSeconds(1);
        server.setExecution(ADMIN, requestMethod(method), "[" + quote(target) + "]");
        Answer then = server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"request\": {\"method\": " + quote(method) + "}, \"at\": " + quote(before.toString()) + "}");
        assertThat(then.status()).isEqualTo(200);
        assertThat(then.json().get("targets")).isEmpty();
        Answer now = server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"request\": {\"method\": " + quote(method) + "}, \"at\": " + quote(Instant.now().toString()) + "}");
        assertThat(now.json().get("targets")).hasSize(1);
    }

    @Test
    void aMalformedResolveIsAnswered400QueryInvalid() {
        assertError(server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"request\": {\"service\": \"a.b.S\"}}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"request\": {\"method\": \"/a.b.S/M\"}, \"event\": {\"event\": \"x\"}}"), 400, 3,
                "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_resolve", ADMIN,
                "{\"request\": {\"method\": \"/a.b.S/M\"}, \"at\": \"yesterday\"}"), 400, 3, "Errors.Query.Invalid");
    }

    @Test
    void historyAnswersEveryChangeOldestFirstWithActorAndBothLists() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("h1"));
        String t2 = server.createTarget(ADMIN, RunningServer.uniqueName("h2"));
        String condition = requestMethod(freshMethod());
        server.setExecution(ADMIN, condition, "[" + quote(t1) + "]");
        server.setExecution(ADMIN, condition, "[" + quote(t1) + ", " + quote(t2) + "]");
        server.setExecution(ADMIN, condition, "[]");
        Answer answer = server.history(ADMIN, condition);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("changes");
        JsonNode changes = answer.json().get("changes");
        assertThat(changes).hasSize(3);
        assertThat(fieldNames(changes.get(0))).containsExactly("date", "actor", "kind", "previousTargets", "targets");
        assertTimestamp(changes.get(0).get("date"));
        assertThat(changes.get(0).get("actor").asText()).isEqualTo("user-" + ADMIN);
        assertThat(changes.findValuesAsText("kind")).containsExactly("SET", "SET", "CLEARED");
        assertThat(changes.get(0).get("previousTargets").toString()).isEqualTo("[]");
        assertThat(changes.get(1).get("previousTargets").toString()).isEqualTo("[{\"target\":" + quote(t1) + "}]");
        assertThat(changes.get(1).get("targets").toString())
                .isEqualTo("[{\"target\":" + quote(t1) + "},{\"target\":" + quote(t2) + "}]");
        assertThat(changes.get(2).get("targets").toString()).isEqualTo("[]");
    }

    @Test
    void historyOfANeverSetExecutionIsEmptyEvenOutsideTheCatalog() {
        Answer answer = server.history(ADMIN, requestMethod("/gone.v1.Old/Method"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().toString()).isEqualTo("{\"changes\":[]}");
    }

    @Test
    void aMalformedHistoryOrListIsAnswered400QueryInvalid() {
        assertError(server.history(ADMIN, "{\"request\": {}}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_history", ADMIN, "{}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_search", ADMIN,
                "{\"filters\": [{\"executionTypeFilter\": {\"executionType\": \"EXECUTION_TYPE_OTHER\"}}]}"),
                400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_search", ADMIN, "{\"pagination\": {\"asc\": \"no\"}}"),
                400, 3, "Errors.Query.Invalid");
    }

    @Test
    void theCatalogListingsAnswerSortedNames() {
        assertThat(server.send("GET", EXECUTIONS + "/functions", ADMIN, null).json().toString())
                .isEqualTo("{\"functions\":[\"preaccesstoken\",\"preuserinfo\"]}");
        assertThat(server.send("GET", EXECUTIONS + "/services", ADMIN, null).json().toString())
                .isEqualTo("{\"services\":[\"test.v1.Svc\",\"zitadel.session.v2.SessionService\"]}");
        JsonNode methods = server.send("GET", EXECUTIONS + "/methods", ADMIN, null).json().get("methods");
        assertThat(methods).hasSize(402);
        assertThat(methods.get(methods.size() - 1).asText())
                .isEqualTo("/zitadel.session.v2.SessionService/ListSessions");
    }

    @Test
    void healthzAnswers200OnceTheReadModelsCaughtUp() {
        Answer answer = server.send("GET", "/healthz", null, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().toString()).isEqualTo("{\"status\":\"SERVING\"}");
    }
}
