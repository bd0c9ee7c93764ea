package io.executions.server.rest;

import io.executions.api.ExecutionsHttpApi;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Checks of a call") rule 4 and the two forms of {@code targets}, over HTTP. */
class RequestBodyShapeTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Answer put(String body) {
        return server.send("PUT", "/v2beta/actions/executions", ADMIN, body);
    }

    private static Answer storedList(String condition) {
        return server.send("POST", "/v2beta/actions/executions/_search", ADMIN,
                "{\"filters\": [{\"inConditionsFilter\": {\"conditions\": [" + condition + "]}}]}");
    }

    @Test
    void targetsMayBeAnArrayOfTargetIds() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("str"));
        String t2 = server.createTarget(ADMIN, RunningServer.uniqueName("str"));
        String condition = requestMethod(freshMethod());
        Answer answer = put("{\"condition\": " + condition + ", \"targets\": [" + quote(t1) + ", " + quote(t2) + "]}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(storedList(condition).json().get("executions").get(0).get("targets").toString())
                .isEqualTo("[{\"target\":" + quote(t1) + "},{\"target\":" + quote(t2) + "}]");
    }

    @Test
    void anArrayMixingTargetIdsAndObjectsIsAnswered400() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("mix"));
        String t2 = server.createTarget(ADMIN, RunningServer.uniqueName("mix"));
        String condition = requestMethod(freshMethod());
        Answer answer = put("{\"condition\": " + condition + ", \"targets\": [" + quote(t1) + ", {\"target\": "
                + quote(t2) + "}]}");
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
        assertThat(storedList(condition).json().get("executions")).isEmpty();
    }

    @Test
    void aMissingTargetsIsAnEmptyList() {
        Answer answer = put("{\"condition\": " + requestMethod(freshMethod()) + "}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().toString()).isEqualTo("{\"setDate\":\"0001-01-01T00:00:00Z\"}");
    }

    @Test
    void duplicateJsonKeysAreAnswered400() {
        String method = freshMethod();
        Answer answer = put("{\"condition\": " + requestMethod(method) + ", \"condition\": "
                + requestMethod(freshMethod()) + "}");
        assertError(answer, 400, 3, "Errors.Execution.Invalid");
        Answer nested = put("{\"condition\": {\"request\": {\"method\": " + quote(method) + ", \"method\": "
                + quote(method) + "}}}");
        assertError(nested, 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void anUnknownFieldIsAnswered400() {
        assertError(put("{\"condition\": " + requestMethod(freshMethod()) + ", \"targetz\": []}"),
                400, 3, "Errors.Execution.Invalid");
        assertError(put("{\"condition\": {\"request\": {\"method\": " + quote(freshMethod())
                + ", \"extra\": 1}}}"), 400, 3, "Errors.Execution.Invalid");
        assertError(put("{\"condition\": " + requestMethod(freshMethod())
                + ", \"targets\": [{\"target\": \"T\", \"weight\": 1}]}"), 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void targetsNullIsAnswered400() {
        assertError(put("{\"condition\": " + requestMethod(freshMethod()) + ", \"targets\": null}"),
                400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void aNumberWhereAStringIsExpectedIsAnswered400() {
        assertError(put("{\"condition\": {\"request\": {\"method\": 42}}}"), 400, 3, "Errors.Execution.Invalid");
        assertError(put("{\"condition\": " + requestMethod(freshMethod()) + ", \"targets\": [42]}"),
                400, 3, "Errors.Execution.Invalid");
        assertError(put("{\"condition\": {\"request\": {\"all\": \"true\"}}}"), 400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAnswered400() {
        assertError(put("[]"), 400, 3, "Errors.Execution.Invalid");
        assertError(put("\"condition\""), 400, 3, "Errors.Execution.Invalid");
        assertError(put("{\"condition\": " + requestMethod(freshMethod()) + "} trailing"),
                400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void aBodyOverOneMebibyteIsAnswered413WithTheContractsErrorBody() {
        String head = "{\"condition\": " + requestMethod(freshMethod()) + ", \"targets\": []";
        byte[] body = new byte[ExecutionsHttpApi.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        body[body.length - 1] = '}';
        long events = server.engine.eventCount();
        Answer answer = server.sendBytes("PUT", "/v2beta/actions/executions", ADMIN, body);
        assertError(answer, 413, 3, "Errors.Execution.Invalid");
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsAccepted() {
        String head = "{\"condition\": " + requestMethod(freshMethod()) + ", \"targets\": []";
        byte[] body = new byte[ExecutionsHttpApi.MAX_BODY_BYTES];
        Arrays.fill(body, (byte) ' ');
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        body[body.length - 1] = '}';
        assertThat(server.sendBytes("PUT", "/v2beta/actions/executions", ADMIN, body).status()).isEqualTo(200);
    }

    @Test
    void anEntryWithNeitherTargetNorIncludeIsAnswered400() {
        assertError(put("{\"condition\": " + requestMethod(freshMethod()) + ", \"targets\": [{}]}"),
                400, 3, "Errors.Execution.Invalid");
    }

    @Test
    void anUnknownPathIsAnswered404AndAWrongMethod405() {
        Answer unknown = server.send("GET", "/v2beta/actions/nothing", ADMIN, null);
        assertError(unknown, 404, 5, "Errors.Route.NotFound");
        Answer wrongMethod = server.send("GET", "/v2beta/actions/executions", ADMIN, null);
        assertError(wrongMethod, 405, 12, "Errors.Route.MethodNotAllowed");
    }

    @Test
    void anUnexpectedFailureIsAnswered500WithoutAStackTrace() {
        try (RunningServer failing = RunningServer.withAuthenticator(header -> {
            throw new IllegalStateException("the host's token store is down");
        })) {
            Answer answer = failing.send("GET", "/v2beta/actions/executions/methods", "x", null);
            assertError(answer, 500, 13, "Errors.Internal");
            assertThat(answer.json().toString()).doesNotContain("token store is down")
                    .doesNotContain("IllegalStateException");
        }
    }
}
