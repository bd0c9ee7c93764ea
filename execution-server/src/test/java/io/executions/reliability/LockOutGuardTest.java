package io.executions.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.executions.reliability.TestConfig.ADMIN;
import static io.executions.reliability.TestConfig.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 6 of RELIABILITY.md, ZITADEL issue 8205: executions on {@code request} all, {@code response} all
 * and on the ActionService itself must not make the library's own management API call targets (which
 * could lock an administrator out), unless the config opts in with {@code lockOutGuard.optIn: true}.
 * Tested through {@code _resolve} over HTTP on two servers that differ only in that flag.
 */
class LockOutGuardTest {
    private static final String V2BETA = "zitadel.action.v2beta.ActionService";
    private static final String V2 = "zitadel.action.v2.ActionService";
    private static final List<String> MANAGEMENT_CALLS = List.of("/" + V2BETA + "/SetExecution",
            "/" + V2BETA + "/CreateTarget", "/" + V2BETA + "/ListExecutions", "/" + V2 + "/SetExecution",
            "/" + V2 + "/CreateTarget", "/" + V2 + "/ListTargets");

    private static InProcessServer guarded;
    private static InProcessServer optedIn;
    /** Per server: the target on the {@code all} executions and the one on the ActionService. */
    private static final Map<InProcessServer, String> allTarget = new HashMap<>();
    private static final Map<InProcessServer, String> serviceTarget = new HashMap<>();

    @BeforeAll
    static void start() {
        guarded = InProcessServer.start(TestConfig.json(TestConfig.memoryStorage(), false));
        optedIn = InProcessServer.start(TestConfig.json(TestConfig.memoryStorage(), true));
        for (InProcessServer server : List.of(guarded, optedIn)) {
            String all = server.http.createTarget(ADMIN, "on-all");
            String service = server.http.createTarget(ADMIN, "on-action-service");
            set(server, "{\"request\": {\"all\": true}}", all);
            set(server, "{\"response\": {\"all\": true}}", all);
            set(server, "{\"request\": {\"service\": " + quote(V2BETA) + "}}", service);
            set(server, "{\"response\": {\"service\": " + quote(V2BETA) + "}}", service);
            allTarget.put(server, all);
            serviceTarget.put(server, service);
        }
    }

    private static void set(InProcessServer server, String condition, String target) {
        Http.Answer answer = server.http.setExecution(ADMIN, condition, "[" + quote(target) + "]");
        assertThat(answer.status()).as("set %s: %s", condition, answer).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        try {
            guarded.close();
        } finally {
            optedIn.close();
        }
    }

    private static JsonNode resolve(InProcessServer server, String direction, String method, String at) {
        Http.Answer answer = server.http.send("POST", "/v2beta/actions/executions/_resolve", ADMIN,
                "{\"" + direction + "\": {\"method\": " + quote(method) + "}" + (at == null ? "" : ", \"at\": "
                        + quote(at)) + "}");
        assertThat(answer.status()).as("resolve %s %s: %s", direction, method, answer).isEqualTo(200);
        return answer.json();
    }

    private static List<String> targetIds(JsonNode resolution) {
        List<String> ids = new ArrayList<>();
        resolution.get("targets").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    @Test
    void callsOfTheManagementApiResolveToNoTargetsByDefault() {
        for (String direction : List.of("request", "response")) {
            for (String method : MANAGEMENT_CALLS) {
                JsonNode resolution = resolve(guarded, direction, method, null);
                assertThat(resolution.toString()).as("%s %s", direction, method)
                        .isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
            }
        }
    }

    @Test
    void callsOfTheManagementApiAreGuardedAsOfAPastInstantToo() {
        String now = Instant.now().toString();
        for (String method : MANAGEMENT_CALLS) {
            assertThat(resolve(guarded, "request", method, now).toString()).as("request %s at %s", method, now)
                    .isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
        }
    }

    @Test
    void callsOfTheManagementApiResolveNormallyWhenTheConfigOptsIn() {
        for (String direction : List.of("request", "response")) {
            JsonNode v2beta = resolve(optedIn, direction, "/" + V2BETA + "/SetExecution", null);
            assertThat(v2beta.get("executionId").asText()).isEqualTo(direction + "/" + V2BETA);
            assertThat(targetIds(v2beta)).containsExactly(serviceTarget.get(optedIn));

            JsonNode v2 = resolve(optedIn, direction, "/" + V2 + "/SetExecution", null);
            assertThat(v2.get("executionId").asText()).isEqualTo(direction);
            assertThat(targetIds(v2)).containsExactly(allTarget.get(optedIn));
        }
    }

    @Test
    void otherCallsStillResolveToTheAllExecutionWhileTheGuardIsOn() {
        for (InProcessServer server : List.of(guarded, optedIn)) {
            for (String direction : List.of("request", "response")) {
                JsonNode resolution = resolve(server, direction, "/zitadel.session.v2.SessionService/ListSessions", null);
                assertThat(resolution.get("executionId").asText()).isEqualTo(direction);
                assertThat(targetIds(resolution)).containsExactly(allTarget.get(server));
            }
        }
    }

    @Test
    void theGuardDoesNotHideTheExecutionsFromTheListing() {
        Http.Answer listed = guarded.http.send("POST", "/v2beta/actions/executions/_search", ADMIN, "{}");
        assertThat(listed.json().get("pagination").get("totalResult").asText()).isEqualTo("4");
    }
}
