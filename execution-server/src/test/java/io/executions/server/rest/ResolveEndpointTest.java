package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract.md ("Resolution") over HTTP: which execution wins, flattening, target deletion and the lock-out guard. Each
 * test works in an instance of its own, so the {@code all} executions of one test do not leak into another.
 */
class ResolveEndpointTest {
    private static final String RESOLVE = "/v2beta/actions/executions/_resolve";
    private static final String SESSIONS = "zitadel.session.v2.SessionService";
    private static final AtomicInteger NEXT_INSTANCE = new AtomicInteger();
    private static RunningServer server;
    private String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory(java.time.Clock.systemUTC(), 20);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void takeAnEmptyInstance() {
        admin = RunningServer.spareAdmin(NEXT_INSTANCE.getAndIncrement());
    }

    private String target(String name) {
        return server.createTarget(admin, name);
    }

    private void set(String condition, String... entries) {
        Answer answer = server.setExecution(admin, condition, "[" + String.join(", ", entries) + "]");
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
    }

    private static String t(String id) {
        return "{\"target\": " + quote(id) + "}";
    }

    private static String include(String condition) {
        return "{\"include\": " + condition + "}";
    }

    private Answer resolve(String body) {
        Answer answer = server.send("POST", RESOLVE, admin, body);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        return answer;
    }

    private Answer request(String method) {
        return resolve("{\"request\": {\"method\": " + quote(method) + "}}");
    }

    private static List<String> ids(Answer answer) {
        return answer.json().get("targets").findValuesAsText("id");
    }

    private static List<String> vias(Answer answer) {
        List<String> vias = new ArrayList<>();
        for (JsonNode target : answer.json().get("targets")) {
            vias.add(target.get("via").toString());
        }
        return vias;
    }

    @Test
    void theMostSpecificRequestExecutionWinsAloneWithoutMergingLevels() {
        String m = target("method"), s = target("service"), a = target("all");
        set("{\"request\": {\"method\": \"/" + SESSIONS + "/ListSessions\"}}", t(m));
        set("{\"request\": {\"service\": \"" + SESSIONS + "\"}}", t(s));
        set("{\"request\": {\"all\": true}}", t(a));
        Answer method = request("/" + SESSIONS + "/ListSessions");
        assertThat(method.json().get("executionId").asText()).isEqualTo("request/" + SESSIONS + "/ListSessions");
        assertThat(ids(method)).containsExactly(m);
        Answer service = request("/" + SESSIONS + "/GetSession");
        assertThat(service.json().get("executionId").asText()).isEqualTo("request/" + SESSIONS);
        assertThat(ids(service)).containsExactly(s);
        Answer all = request("/other.v1.Service/Method");
        assertThat(all.json().get("executionId").asText()).isEqualTo("request");
        assertThat(ids(all)).containsExactly(a);
    }

    @Test
    void aResponseResolvesOnlyResponseExecutions() {
        String req = target("req"), res = target("res");
        set("{\"request\": {\"all\": true}}", t(req));
        set("{\"response\": {\"service\": \"" + SESSIONS + "\"}}", t(res));
        Answer answer = resolve("{\"response\": {\"method\": \"/" + SESSIONS + "/ListSessions\"}}");
        assertThat(answer.json().get("executionId").asText()).isEqualTo("response/" + SESSIONS);
        assertThat(ids(answer)).containsExactly(res);
    }

    @Test
    void aMethodOutsideTheCatalogStillResolves() {
        String a = target("all");
        set("{\"request\": {\"all\": true}}", t(a));
        assertThat(ids(request("/not.in.the.Catalog/Method"))).containsExactly(a);
    }

    @Test
    void anEventResolvesThroughItsTypeThenEachGroupLevelThenAll() {
        String type = target("type"), human = target("human"), user = target("user"), all = target("all");
        set("{\"event\": {\"all\": true}}", t(all));
        assertThat(resolve("{\"event\": {\"event\": \"user.human.added\"}}").json().get("executionId").asText())
                .isEqualTo("event");
        set("{\"event\": {\"group\": \"user\"}}", t(user));
        assertThat(resolve("{\"event\": {\"event\": \"user.human.added\"}}").json().get("executionId").asText())
                .isEqualTo("event/user.*");
        set("{\"event\": {\"group\": \"user.human.*\"}}", t(human));
        assertThat(resolve("{\"event\": {\"event\": \"user.human.added\"}}").json().get("executionId").asText())
                .isEqualTo("event/user.human.*");
        set("{\"event\": {\"event\": \"user.human.added\"}}", t(type));
        Answer answer = resolve("{\"event\": {\"event\": \"user.human.added\"}}");
        assertThat(answer.json().get("executionId").asText()).isEqualTo("event/user.human.added");
        assertThat(ids(answer)).containsExactly(type);
        assertThat(ids(resolve("{\"event\": {\"event\": \"session.added\"}}"))).containsExactly(all);
    }

    @Test
    void aFunctionResolvesOnlyItsOwnExecution() {
        String f = target("function");
        set("{\"request\": {\"all\": true}}", t(target("all")));
        set("{\"event\": {\"all\": true}}", t(target("events")));
        assertThat(resolve("{\"function\": {\"name\": \"preaccesstoken\"}}").json().toString())
                .isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
        set("{\"function\": {\"name\": \"preaccesstoken\"}}", t(f));
        Answer answer = resolve("{\"function\": {\"name\": \"preaccesstoken\"}}");
        assertThat(answer.json().get("executionId").asText()).isEqualTo("function/preaccesstoken");
        assertThat(ids(answer)).containsExactly(f);
    }

    @Test
    void aClearedMoreSpecificExecutionDoesNotShadowALessSpecificOne() {
        String m = target("method"), s = target("service");
        String method = "{\"request\": {\"method\": \"/" + SESSIONS + "/ListSessions\"}}";
        set(method, t(m));
        set("{\"request\": {\"service\": \"" + SESSIONS + "\"}}", t(s));
        set(method);
        Answer answer = request("/" + SESSIONS + "/ListSessions");
        assertThat(answer.json().get("executionId").asText()).isEqualTo("request/" + SESSIONS);
        assertThat(ids(answer)).containsExactly(s);
    }

    @Test
    void deletingATargetRemovesItFromResolutionAndAnExecutionLeftWithoutTargetsNoLongerShadows() {
        String m = target("method"), s = target("service");
        set("{\"request\": {\"method\": \"/" + SESSIONS + "/ListSessions\"}}", t(m));
        set("{\"request\": {\"service\": \"" + SESSIONS + "\"}}", t(s));
        long events = server.engine.eventCount();
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + m, admin, null).status()).isEqualTo(200);
        assertThat(server.engine.eventCount()).as("only the TargetRemoved event").isEqualTo(events + 1);
        Answer answer = request("/" + SESSIONS + "/ListSessions");
        assertThat(answer.json().get("executionId").asText()).isEqualTo("request/" + SESSIONS);
        assertThat(ids(answer)).containsExactly(s);
    }

    @Test
    void includesAreSplicedInPlaceAndATargetReachedTwiceRunsOnceAtItsFirstPosition() {
        String a = target("a"), b = target("b"), c = target("c");
        String inner = "{\"request\": {\"method\": \"/" + SESSIONS + "/GetSession\"}}";
        set(inner, t(b), t(a));
        set("{\"request\": {\"method\": \"/" + SESSIONS + "/ListSessions\"}}", t(a), include(inner), t(c));
        Answer answer = request("/" + SESSIONS + "/ListSessions");
        assertThat(ids(answer)).containsExactly(a, b, c);
        String matched = "\"request/" + SESSIONS + "/ListSessions\"";
        assertThat(vias(answer)).containsExactly("[" + matched + "]",
                "[" + matched + ",\"request/" + SESSIONS + "/GetSession\"]", "[" + matched + "]");
    }

    @Test
    void viaRunsFromTheMatchedExecutionDownToTheOneListingTheTarget() {
        String deep = target("deep");
        String c = "{\"event\": {\"event\": \"user.human.changed\"}}";
        String b = "{\"event\": {\"group\": \"session\"}}";
        set(c, t(deep));
        set(b, include(c));
        set("{\"event\": {\"event\": \"user.human.added\"}}", include(b));
        Answer answer = resolve("{\"event\": {\"event\": \"user.human.added\"}}");
        assertThat(vias(answer)).containsExactly(
                "[\"event/user.human.added\",\"event/session.*\",\"event/user.human.changed\"]");
    }

    @Test
    void aChangeOfATargetShowsInTheNextResolution() {
        String id = target("changing");
        set("{\"request\": {\"all\": true}}", t(id));
        assertThat(server.send("POST", "/v2beta/actions/targets/" + id, admin,
                "{\"restAsync\": {}, \"endpoint\": \"http://changed.example.com/\", \"timeout\": \"2.5s\"}").status())
                .isEqualTo(200);
        JsonNode resolved = request("/a.b.S/M").json().get("targets").get(0);
        assertThat(resolved.get("type").asText()).isEqualTo("restAsync");
        assertThat(resolved.get("interruptOnError").asBoolean()).isFalse();
        assertThat(resolved.get("endpoint").asText()).isEqualTo("http://changed.example.com/");
        assertThat(resolved.get("timeout").asText()).isEqualTo("2.5s");
    }

    @Test
    void callsOfTheManagementApiResolveToNothingByDefault() {
        set("{\"request\": {\"all\": true}}", t(target("request")));
        set("{\"response\": {\"all\": true}}", t(target("response")));
        for (String method : new String[]{"/zitadel.action.v2beta.ActionService/SetExecution",
                "/zitadel.action.v2.ActionService/ListTargets"}) {
            assertThat(request(method).json().toString()).isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
            assertThat(resolve("{\"response\": {\"method\": " + quote(method) + "}}").json().toString())
                    .isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
        }
        assertThat(ids(request("/zitadel.user.v2.UserService/AddHumanUser"))).hasSize(1);
    }

    @Test
    void theGuardAlsoHoldsForAResolutionInThePast() {
        set("{\"request\": {\"all\": true}}", t(target("request")));
        Answer answer = resolve("{\"request\": {\"method\": \"/zitadel.action.v2beta.ActionService/SetExecution\"},"
                + " \"at\": " + quote(java.time.Instant.now().plusSeconds(1).toString()) + "}");
        assertThat(answer.json().toString()).isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
    }
}
