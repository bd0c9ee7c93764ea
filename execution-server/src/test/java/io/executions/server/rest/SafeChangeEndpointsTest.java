package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.api.Permissions;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/safe-change.md over HTTP: _plan, If-Match on PUT, _diff, _revert, _lint; answers, errors, nothing written. */
class SafeChangeEndpointsTest {
    private static final String EXECUTIONS = "/v2beta/actions/executions";
    private static SettableClock clock;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
        server = RunningServer.inMemory(clock, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Instant tick() {
        clock.set(clock.instant().plusSeconds(1));
        return clock.instant();
    }

    private static String targets(String... ids) {
        List<String> parts = new ArrayList<>();
        for (String id : ids) {
            parts.add("{\"target\": " + quote(id) + "}");
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String include(String condition) {
        return "{\"include\": " + condition + "}";
    }

    private static void set(String condition, String entries) {
        Answer answer = server.setExecution(ADMIN, condition, entries);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
    }

    private static Answer plan(String token, String condition, String entries) {
        return server.send("POST", EXECUTIONS + "/_plan", token,
                "{\"condition\": " + condition + ", \"targets\": " + entries + "}");
    }

    private static Answer putIfMatch(String condition, String entries, String ifMatch) {
        return server.sendWithHeader("PUT", EXECUTIONS, ADMIN,
                "{\"condition\": " + condition + ", \"targets\": " + entries + "}", "If-Match", ifMatch);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    @Test
    void aValidPlanShowsTheChangeTheAffectedExecutionsAndTheVersionAndWritesNothing() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("plan1"));
        String t2 = server.createTarget(ADMIN, RunningServer.uniqueName("plan2"));
        String base = requestMethod(freshMethod());
        String includer = requestMethod(freshMethod());
        set(base, targets(t1));
        set(includer, "[" + include(base) + "]");
        long events = server.engine.eventCount();

        Answer answer = plan(ADMIN, base, targets(t1, t2));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode plan = answer.json();
        assertThat(Contract.fieldNames(plan)).containsExactly("valid", "violations", "change", "before", "after",
                "affected", "version");
        assertThat(plan.get("valid").asBoolean()).isTrue();
        assertThat(plan.get("violations")).isEmpty();
        assertThat(plan.get("change").asText()).isEqualTo("SET");
        assertThat(plan.get("before").toString()).isEqualTo("[{\"target\":\"" + t1 + "\"}]");
        assertThat(plan.get("after")).hasSize(2);
        assertThat(plan.get("affected")).hasSize(2);
        for (JsonNode affected : plan.get("affected")) {
            assertThat(texts(affected.get("before"))).containsExactly(t1);
            assertThat(texts(affected.get("after"))).containsExactly(t1, t2);
        }
        assertThat(plan.get("affected").get(0).get("executionId").asText())
                .isLessThan(plan.get("affected").get(1).get("executionId").asText());
        assertThat(plan.get("version").isTextual()).isTrue();
        assertThat(plan.get("version").asText()).isEqualTo(Long.toString(events));
        assertThat(server.engine.eventCount()).isEqualTo(events);

        Answer applied = putIfMatch(base, targets(t1, t2), "\"" + plan.get("version").asText() + "\"");
        assertThat(applied.status()).as("%s", applied.json()).isEqualTo(200);
    }

    @Test
    void anInvalidPlanListsOneViolationPerRuleInRuleOrderSkippingRulesWhoseInputDidNotParse() {
        String tooLong = requestMethod("/" + RunningServer.SERVICE + "/" + "m".repeat(1001));
        Answer answer = plan(ADMIN, tooLong, "[{\"target\": \"no-such-target\"}, {\"target\": \"another\"}]");

        JsonNode plan = answer.json();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(plan.get("valid").asBoolean()).isFalse();
        List<String> keys = new ArrayList<>();
        plan.get("violations").forEach(v -> keys.add(v.get("key").asText()));
        // rule 5 (the condition) skips rules 7, 10, 11, 12; rule 8 is one violation for both targets
        assertThat(keys).containsExactly("Errors.Execution.Invalid", "Errors.Target.NotFound");
        assertThat(plan.get("violations").get(0).get("code").asInt()).isEqualTo(3);
        assertThat(plan.get("violations").get(1).get("code").asInt()).isEqualTo(5);
        assertThat(plan.get("change").asText()).isEqualTo("NONE");
        assertThat(plan.get("after")).isEqualTo(plan.get("before"));
        assertThat(plan.get("affected")).isEmpty();
    }

    @Test
    void aCallerWithReadButNotWriteSeesRule2InsideThePlan() {
        String condition = requestMethod(freshMethod());
        Answer answer = plan(RunningServer.without(Permissions.EXECUTION_WRITE), condition, "[]");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode first = answer.json().get("violations").get(0);
        assertThat(first.get("key").asText()).isEqualTo("Errors.Permission.Denied");
        assertThat(first.get("code").asInt()).isEqualTo(7);
        assertThat(answer.json().get("valid").asBoolean()).isFalse();
    }

    @Test
    void aCallerWithoutReadIsRefused403OnEverySafeChangeReadAndWithoutWriteOnRevert() {
        String noRead = RunningServer.without(Permissions.EXECUTION_READ);
        assertError(plan(noRead, requestMethod(freshMethod()), "[]"), 403, 7, "Errors.Permission.Denied");
        assertError(server.send("POST", EXECUTIONS + "/_diff", noRead, "{\"from\": \"2020-01-01T00:00:00Z\"}"),
                403, 7, "Errors.Permission.Denied");
        assertError(server.send("POST", EXECUTIONS + "/_lint", noRead, "{}"), 403, 7, "Errors.Permission.Denied");
        long events = server.engine.eventCount();
        assertError(server.send("POST", EXECUTIONS + "/_revert", RunningServer.without(Permissions.EXECUTION_WRITE),
                "{\"to\": \"2020-01-01T00:00:00Z\"}"), 403, 7, "Errors.Permission.Denied");
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void ifMatchAcceptsTheQuotedAndBareVersionAndStarAndRefusesAStaleOne412WritingNothing() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("ifmatch"));
        String condition = requestMethod(freshMethod());
        String version = plan(ADMIN, condition, targets(t1)).json().get("version").asText();
        server.createTarget(ADMIN, RunningServer.uniqueName("ifmatch-other")); // the instance changes
        long events = server.engine.eventCount();

        Answer stale = putIfMatch(condition, targets(t1), "\"" + version + "\"");
        assertError(stale, 412, 9, "Errors.Execution.Changed");
        // checked before the body: a stale version with a malformed body is still 412
        assertError(server.sendWithHeader("PUT", EXECUTIONS, ADMIN, "{\"condition\": ", "If-Match", version),
                412, 9, "Errors.Execution.Changed");
        assertError(putIfMatch(condition, targets(t1), "not-a-version"), 412, 9, "Errors.Execution.Changed");
        assertThat(server.engine.eventCount()).isEqualTo(events);

        String current = plan(ADMIN, condition, targets(t1)).json().get("version").asText();
        assertThat(putIfMatch(condition, targets(t1), current).status()).isEqualTo(200);
        // an unchanged list writes nothing but still needs a current version
        assertError(putIfMatch(condition, targets(t1), current), 412, 9, "Errors.Execution.Changed");
        assertThat(putIfMatch(condition, targets(t1), "*").status()).isEqualTo(200);
    }

    @Test
    void diffAndRevertRefuseMalformedInstantsAFutureToAndAMissingFieldWritingNothing() {
        long events = server.engine.eventCount();
        String future = clock.instant().plusSeconds(3600).toString();
        assertError(server.send("POST", EXECUTIONS + "/_diff", ADMIN, "{\"from\": \"yesterday\"}"),
                400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_diff", ADMIN, "{\"from\": \"2020-01-01\"}"),
                400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_diff", ADMIN, "{}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_diff", ADMIN,
                "{\"from\": \"2020-01-01T00:00:00Z\", \"to\": " + quote(future) + "}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_diff", ADMIN,
                "{\"from\": \"2020-01-01T00:00:00Z\", \"extra\": 1}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_lint", ADMIN, "{\"x\": 1}"), 400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_plan", ADMIN, "{\"targets\": []}"),
                400, 3, "Errors.Execution.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_revert", ADMIN, "{\"to\": \"soon\"}"),
                400, 3, "Errors.Execution.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_revert", ADMIN, "{\"to\": " + quote(future) + "}"),
                400, 3, "Errors.Execution.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_revert", ADMIN, "{}"), 400, 3, "Errors.Execution.Invalid");
        assertError(server.send("POST", EXECUTIONS + "/_revert", ADMIN,
                "{\"to\": \"2020-01-01T00:00:00Z\", \"conditions\": [{\"request\": {\"method\": \"\"}}]}"),
                400, 3, "Errors.Execution.Invalid");
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void revertToAnInstantThenDiffFromItIsEmptyAndHistoryShowsTheCallerAsActor() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("rev1"));
        String t2 = server.createTarget(ADMIN, RunningServer.uniqueName("rev2"));
        String a = requestMethod(freshMethod());
        String b = requestMethod(freshMethod());
        tick();
        set(a, targets(t1));
        set(b, "[" + include(a) + "]");
        Instant good = tick();
        tick();
        set(b, targets(t2));
        set(a, "[]");
        tick();

        Answer diff = server.send("POST", EXECUTIONS + "/_diff", ADMIN, "{\"from\": " + quote(good.toString()) + "}");
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.json().get("changes")).hasSize(2);
        JsonNode first = diff.json().get("changes").get(0);
        assertThat(Contract.fieldNames(first)).containsExactly("executionId", "before", "after", "resolvedBefore",
                "resolvedAfter");

        Answer revert = server.send("POST", EXECUTIONS + "/_revert", ADMIN, "{\"to\": " + quote(good.toString()) + "}");
        assertThat(revert.status()).as("%s", revert.json()).isEqualTo(200);
        assertThat(revert.json().get("changes").asText()).isEqualTo("2");
        assertThat(Instant.parse(revert.json().get("setDate").asText())).isEqualTo(clock.instant());
        Answer after = server.send("POST", EXECUTIONS + "/_diff", ADMIN, "{\"from\": " + quote(good.toString()) + "}");
        assertThat(after.json().get("changes")).isEmpty();
        JsonNode changes = server.history(ADMIN, b).json().get("changes");
        assertThat(changes.get(changes.size() - 1).get("actor").asText()).isEqualTo("user-" + ADMIN);
    }

    @Test
    void aRevertNeedingADeletedTargetIs404NamingItAndWritesNothing() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("revdel"));
        String a = requestMethod(freshMethod());
        tick();
        set(a, targets(t1));
        Instant good = tick();
        tick();
        set(a, "[]");
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + t1, ADMIN, null).status()).isEqualTo(200);
        long events = server.engine.eventCount();

        Answer answer = server.send("POST", EXECUTIONS + "/_revert", ADMIN,
                "{\"to\": " + quote(good.toString()) + ", \"conditions\": [" + a + "]}");

        assertError(answer, 404, 5, "Errors.Target.NotFound");
        assertThat(answer.json().get("message").asText()).contains(t1);
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void lintFindsDanglingEmptyAndDuplicateAndSortsByExecutionThenKind() {
        String t1 = server.createTarget(ADMIN, RunningServer.uniqueName("lint1"));
        String t2 = server.createTarget(ADMIN, RunningServer.uniqueName("lint2"));
        String a = requestMethod(freshMethod());
        String b = requestMethod(freshMethod());
        String clean = requestMethod(freshMethod());
        set(a, targets(t1));
        set(b, "[" + include(a) + ", {\"target\": " + quote(t1) + "}]");
        set(clean, targets(t2));
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + t1, ADMIN, null).status()).isEqualTo(200);
        String c = requestMethod(freshMethod());
        String t3 = server.createTarget(ADMIN, RunningServer.uniqueName("lint3"));
        set(c, "[" + include(clean) + ", {\"target\": " + quote(t2) + "}, {\"target\": " + quote(t3) + "}]");

        Answer answer = server.send("POST", EXECUTIONS + "/_lint", ADMIN, null);

        assertThat(answer.status()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode finding : answer.json().get("findings")) {
            lines.add(finding.get("executionId").asText() + " " + finding.get("kind").asText());
        }
        String ida = "request" + method(a);
        String idb = "request" + method(b);
        String idc = "request" + method(c);
        String idClean = "request" + method(clean);
        assertThat(lines).contains(ida + " DANGLING_TARGET", ida + " EMPTY", idb + " DANGLING_TARGET",
                idb + " EMPTY", idc + " DUPLICATE_VIA_INCLUDE");
        assertThat(lines).noneMatch(line -> line.startsWith(idClean + " "));
        assertThat(lines).doesNotContain(idc + " EMPTY", idc + " DANGLING_TARGET");
        assertThat(lines.indexOf(ida + " DANGLING_TARGET")).isLessThan(lines.indexOf(ida + " EMPTY"));
        assertThat(lines.indexOf(ida + " EMPTY")).isLessThan(lines.indexOf(idb + " DANGLING_TARGET"));
    }

    /** The method of a request condition's JSON, as written by {@link RunningServer#requestMethod}. */
    private static String method(String condition) {
        return condition.replaceAll(".*\"method\": \"([^\"]*)\".*", "$1");
    }
}
