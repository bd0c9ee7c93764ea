package io.executions.reliability;

import io.executions.api.Permissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.executions.reliability.TestConfig.ADMIN;
import static io.executions.reliability.TestConfig.ADMIN_I2;
import static io.executions.reliability.TestConfig.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 5 of RELIABILITY.md: every endpoint with every wrong caller (no token, an unknown token, a token
 * without the endpoint's permission, a token of an instance without the actions feature) answers the
 * contract's 401/403/404 and changes nothing; and a caller of one instance never reads, changes, deletes
 * or uses anything of the other instance. After each case the state of both instances (listing, targets,
 * resolution, history) is byte for byte what it was.
 */
class IsolationAndPermissionsTest {
    private static InProcessServer server;
    /** Per instance (index 0: i1, 1: i2): its admin token, its target, its execution's method. */
    private static final String[] ADMINS = {ADMIN, ADMIN_I2};
    private static final String[] TARGETS = new String[2];
    private static final String[] SIGNING_KEYS = new String[2];
    private static final String[] METHODS = {TestConfig.method(11), TestConfig.method(12)};
    private static final String[] NAMES = {"secret-target-of-i1", "secret-target-of-i2"};

    private String before;
    private long eventsBefore;

    @BeforeAll
    static void start() {
        server = InProcessServer.start(TestConfig.json(TestConfig.memoryStorage(), false));
        for (int i = 0; i < 2; i++) {
            TARGETS[i] = server.http.createTarget(ADMINS[i], NAMES[i]);
            SIGNING_KEYS[i] = server.http.send("GET", "/v2beta/actions/targets/" + TARGETS[i], ADMINS[i], null).json()
                    .get("target").get("signingKey").asText();
            Http.Answer set = server.http.setExecution(ADMINS[i], "{\"request\": {\"method\": " + quote(METHODS[i]) + "}}",
                    "[" + quote(TARGETS[i]) + "]");
            assertThat(set.status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void snapshot() {
        before = state();
        eventsBefore = server.engine.eventCount();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(server.engine.eventCount()).as("events written").isEqualTo(eventsBefore);
        assertThat(state()).as("state of both instances").isEqualTo(before);
    }

    /** Everything either instance can see of itself, as its own admin sees it. */
    private static String state() {
        StringBuilder state = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            state.append(server.http.send("POST", "/v2beta/actions/executions/_search", ADMINS[i], "{}").text())
                    .append(server.http.send("POST", "/v2beta/actions/targets/_search", ADMINS[i], "{}").text())
                    .append(server.http.resolve(ADMINS[i], METHODS[i]).text())
                    .append(server.http.send("POST", "/v2beta/actions/executions/_history", ADMINS[i],
                            "{\"condition\": {\"request\": {\"method\": " + quote(METHODS[i]) + "}}}").text());
        }
        return state.toString();
    }

    /** An endpoint, a body that would succeed for the right caller, and the permission it needs. */
    record Endpoint(String method, String path, String body, String permission) {
        @Override
        public String toString() {
            return method + " " + path.replace(TARGETS[0] == null ? "?" : TARGETS[0], "{i1 target}");
        }
    }

    static List<Endpoint> endpoints() {
        String t = TARGETS[0];
        String condition = "{\"request\": {\"method\": " + quote(TestConfig.method(13)) + "}}";
        return List.of(
                new Endpoint("PUT", "/v2beta/actions/executions", "{\"condition\": " + condition + ", \"targets\": ["
                        + quote(t) + "]}", Permissions.EXECUTION_WRITE),
                new Endpoint("POST", "/v2beta/actions/executions/_search", "{}", Permissions.EXECUTION_READ),
                new Endpoint("POST", "/v2beta/actions/executions/search", "{}", Permissions.EXECUTION_READ),
                new Endpoint("POST", "/v2beta/actions/executions/_resolve", "{\"request\": {\"method\": "
                        + quote(METHODS[0]) + "}}", Permissions.EXECUTION_READ),
                new Endpoint("POST", "/v2beta/actions/executions/_history", "{\"condition\": " + condition + "}",
                        Permissions.EXECUTION_READ),
                new Endpoint("GET", "/v2beta/actions/executions/functions", null, null),
                new Endpoint("GET", "/v2beta/actions/executions/methods", null, null),
                new Endpoint("GET", "/v2beta/actions/executions/services", null, null),
                new Endpoint("POST", "/v2beta/actions/targets", "{\"name\": \"new\", \"restAsync\": {}, \"endpoint\": "
                        + "\"https://example.com\", \"timeout\": \"1s\"}", Permissions.TARGET_WRITE),
                new Endpoint("POST", "/v2beta/actions/targets/" + t, "{\"timeout\": \"2s\"}", Permissions.TARGET_WRITE),
                new Endpoint("GET", "/v2beta/actions/targets/" + t, null, Permissions.TARGET_READ),
                new Endpoint("POST", "/v2beta/actions/targets/_search", "{}", Permissions.TARGET_READ),
                new Endpoint("DELETE", "/v2beta/actions/targets/" + t, null, Permissions.TARGET_DELETE));
    }

    static Stream<Arguments> unauthenticated() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (String authorization : new String[]{null, "Bearer unknown-token", "Bearer ", "Basic " + ADMIN, ADMIN}) {
                cases.add(Arguments.of(e, authorization));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with Authorization {1}")
    @MethodSource("unauthenticated")
    void everyEndpointAnswers401ToACallerWithoutAValidTokenAndChangesNothing(Endpoint e, String authorization) {
        Http.Answer answer = server.http.sendBytes(e.method(), e.path(), authorization,
                e.body() == null ? null : e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Http.assertError(answer, 401, 16, "Errors.Token.Invalid", e + " " + authorization);
    }

    static Stream<Arguments> missingPermission() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (e.permission() != null) {
                cases.add(Arguments.of(e, TestConfig.without(e.permission())));
                cases.add(Arguments.of(e, TestConfig.NOBODY));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("missingPermission")
    void everyEndpointAnswers403ToACallerWithoutItsPermissionAndChangesNothing(Endpoint e, String token) {
        Http.assertError(server.http.send(e.method(), e.path(), token, e.body()), 403, 7, "Errors.Permission.Denied",
                e + " as " + token);
    }

    static Stream<Endpoint> allEndpoints() {
        return endpoints().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void everyEndpointAnswers404WhenTheCallersInstanceHasActionsDisabled(Endpoint e) {
        Http.assertError(server.http.send(e.method(), e.path(), TestConfig.ADMIN_I3_NO_ACTIONS, e.body()), 404, 5,
                "Errors.Action.NotEnabled", e.toString());
    }

    /** Which instance owns the data (0 or 1); the caller is the admin of the other one. */
    static Stream<Integer> owners() {
        return Stream.of(0, 1);
    }

    private static void assertNoTraceOf(int owner, Http.Answer answer) {
        assertThat(answer.text()).as("answer to the other instance").doesNotContain(NAMES[owner])
                .doesNotContain(SIGNING_KEYS[owner]).doesNotContain("https://example.com/hook");
    }

    @ParameterizedTest(name = "target of instance {0}")
    @MethodSource("owners")
    void aTargetOfAnotherInstanceCannotBeRead(int owner) {
        Http.Answer answer = server.http.send("GET", "/v2beta/actions/targets/" + TARGETS[owner], ADMINS[1 - owner], null);
        Http.assertError(answer, 404, 5, "Errors.Target.NotFound", "read");
        assertNoTraceOf(owner, answer);
    }

    @ParameterizedTest(name = "target of instance {0}")
    @MethodSource("owners")
    void aTargetOfAnotherInstanceCannotBeUpdated(int owner) {
        Http.Answer answer = server.http.send("POST", "/v2beta/actions/targets/" + TARGETS[owner], ADMINS[1 - owner],
                "{\"name\": \"taken-over\", \"endpoint\": \"https://attacker.example\", \"expirationSigningKey\": \"1s\"}");
        Http.assertError(answer, 404, 5, "Errors.Target.NotFound", "update");
        assertNoTraceOf(owner, answer);
    }

    @ParameterizedTest(name = "target of instance {0}")
    @MethodSource("owners")
    void deletingATargetOfAnotherInstanceDeletesNothing(int owner) {
        Http.Answer answer = server.http.send("DELETE", "/v2beta/actions/targets/" + TARGETS[owner], ADMINS[1 - owner],
                null);
        // deleting is idempotent, so an id this instance never saw answers the zero date (docs/contract.md ("Targets"))
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("{\"deletionDate\":\"0001-01-01T00:00:00Z\"}");
    }

    @ParameterizedTest(name = "target of instance {0}")
    @MethodSource("owners")
    void aTargetOfAnotherInstanceCannotBeUsedInAnExecution(int owner) {
        Http.Answer answer = server.http.setExecution(ADMINS[1 - owner], TestConfig.requestMethod(14),
                "[" + quote(TARGETS[owner]) + "]");
        Http.assertError(answer, 404, 5, "Errors.Target.NotFound", "use");
    }

    @ParameterizedTest(name = "execution of instance {0}")
    @MethodSource("owners")
    void anExecutionOfAnotherInstanceCannotBeIncluded(int owner) {
        Http.Answer answer = server.http.setExecution(ADMINS[1 - owner], TestConfig.requestMethod(14),
                "[{\"include\": {\"request\": {\"method\": " + quote(METHODS[owner]) + "}}}]");
        Http.assertError(answer, 404, 5, "Errors.Execution.IncludeNotFound", "include");
    }

    @ParameterizedTest(name = "data of instance {0}")
    @MethodSource("owners")
    void searchesListingsResolutionAndHistoryShowNothingOfAnotherInstance(int owner) {
        String caller = ADMINS[1 - owner];
        Http.Answer byId = server.http.send("POST", "/v2beta/actions/targets/_search", caller,
                "{\"filters\": [{\"inTargetIdsFilter\": {\"targetIds\": [" + quote(TARGETS[owner]) + "]}}]}");
        assertThat(byId.text()).isEqualTo("{\"pagination\":{\"totalResult\":\"0\"},\"targets\":[]}");
        Http.Answer byName = server.http.send("POST", "/v2beta/actions/targets/_search", caller,
                "{\"filters\": [{\"targetNameFilter\": {\"targetName\": " + quote(NAMES[owner]) + "}}]}");
        assertThat(byName.text()).isEqualTo("{\"pagination\":{\"totalResult\":\"0\"},\"targets\":[]}");
        Http.Answer reaching = server.http.send("POST", "/v2beta/actions/executions/_search", caller,
                "{\"filters\": [{\"targetFilter\": {\"targetId\": " + quote(TARGETS[owner]) + "}}]}");
        assertThat(reaching.text()).isEqualTo("{\"pagination\":{\"totalResult\":\"0\"},\"executions\":[]}");
        Http.Answer listed = server.http.send("POST", "/v2beta/actions/executions/_search", caller, "{}");
        assertThat(listed.text()).doesNotContain(METHODS[owner]).doesNotContain(TARGETS[owner]);
        assertThat(server.http.resolve(caller, METHODS[owner]).text()).isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
        assertThat(server.http.send("POST", "/v2beta/actions/executions/_history", caller,
                "{\"condition\": {\"request\": {\"method\": " + quote(METHODS[owner]) + "}}}").text())
                .isEqualTo("{\"changes\":[]}");
        for (Http.Answer answer : List.of(byId, byName, reaching, listed)) {
            assertNoTraceOf(owner, answer);
        }
    }
}
