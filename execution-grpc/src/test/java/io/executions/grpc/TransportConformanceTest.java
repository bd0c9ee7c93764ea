package io.executions.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scenario (SetExecution rule rows 1 to 12, ListExecutions filters, targets CRUD, catalog, resolve, history)
 * run over every transport, each in an instance of its own on one server: every step must answer as REST, the
 * reference, does (gRPC code, error id, message key, the answer with dates and generated ids normalized, and the
 * message except for rule-4 shape errors, whose wording names each wire format's own fields). REST's answers are
 * checked against the contract first, so the suite cannot pass by every transport being equally wrong.
 */
class TransportConformanceTest {
    private static final String M = "/" + TestServer.SERVICE + "/";
    private static final AtomicInteger INSTANCE = new AtomicInteger();
    private static TestServer server;
    private static List<Result> reference;

    /** One step: what is sent, and (on REST) what the contract says comes back: code, and key if an error. */
    record Step(String label, Op op, String token, String json, int code, String key) {
    }

    /** An outcome with the run's generated ids and dates normalized in its answer and message. */
    record Result(Step step, Transport.Outcome outcome, JsonNode normalized, String message) {
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        try (Transport rest = new Transport.Rest(server.base())) {
            reference = run(rest);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Function<TestServer, Transport>> transports() {
        return Stream.of(
                s -> new Transport.GrpcJava(s.port()),
                s -> new Transport.GrpcWeb(s.base(), false),
                s -> new Transport.GrpcWeb(s.base(), true),
                s -> new Transport.Connect(s.base(), false, true),
                s -> new Transport.Connect(s.base(), false, false),
                s -> new Transport.Connect(s.base(), true, true),
                s -> new Transport.Connect(s.base(), true, false));
    }

    @Test
    @DisplayName("REST, the reference, answers every step as the contract says")
    void restAnswersAsTheContractSays() {
        for (Result r : reference) {
            assertThat(r.outcome.code()).as(r.step.label + " → " + r.outcome).isEqualTo(r.step.code);
            if (r.step.key != null) {
                assertThat(r.outcome.key()).as(r.step.label).isEqualTo(r.step.key);
            }
        }
    }

    @ParameterizedTest(name = "{index}: every step answers as on REST")
    @MethodSource("transports")
    void everyStepAnswersAsOnRest(Function<TestServer, Transport> factory) {
        try (Transport transport = factory.apply(server)) {
            List<Result> results = run(transport);
            assertThat(results).hasSameSizeAs(reference);
            for (int i = 0; i < results.size(); i++) {
                Result expected = reference.get(i);
                Result actual = results.get(i);
                String what = transport.name() + ", step '" + expected.step.label + "': " + actual.outcome
                        + " (REST: " + expected.outcome + ")";
                assertThat(actual.outcome.code()).as(what).isEqualTo(expected.outcome.code());
                assertThat(actual.outcome.errorId()).as(what).isEqualTo(expected.outcome.errorId());
                assertThat(actual.outcome.key()).as(what).isEqualTo(expected.outcome.key());
                if (!expected.outcome.isOk() && !"API-BODY".equals(expected.outcome.errorId())) {
                    assertThat(actual.message).as(what).isEqualTo(expected.message);
                }
                assertThat(actual.normalized).as(what).isEqualTo(expected.normalized);
            }
        }
    }

    // ---- the scenario ----------------------------------------------------------------------------

    private static List<Result> run(Transport transport) {
        String admin = TestServer.spare(INSTANCE.getAndIncrement());
        Map<String, String> ids = new HashMap<>();
        List<Result> results = new ArrayList<>();
        for (Step step : steps(admin)) {
            String json = step.json;
            for (Map.Entry<String, String> id : ids.entrySet()) {
                json = json.replace("${" + id.getKey() + "}", id.getValue());
            }
            Transport.Outcome outcome = transport.call(step.op, step.token, json);
            if (step.op == Op.CREATE_TARGET && outcome.isOk()) {
                ids.put(step.label.substring("create ".length()), outcome.body().path("id").asText());
            }
            String message = outcome.message();
            if (message != null) {
                for (Map.Entry<String, String> id : ids.entrySet()) {
                    message = message.replace(id.getValue(), "${" + id.getKey() + "}");
                }
            }
            results.add(new Result(step, outcome, outcome.isOk() ? normalize(outcome.body(), ids) : null, message));
        }
        return results;
    }

    private static String cond(String method) {
        return "{\"request\": {\"method\": \"" + method + "\"}}";
    }

    private static String set(String condition, String... entries) {
        return "{\"condition\": " + condition + ", \"targets\": [" + String.join(", ", entries) + "]}";
    }

    private static String target(String name) {
        return "{\"target\": \"${" + name + "}\"}";
    }

    private static String include(String condition) {
        return "{\"include\": " + condition + "}";
    }

    private static List<Step> steps(String admin) {
        String svc = "{\"request\": {\"service\": \"" + TestServer.SERVICE + "\"}}";
        String m1 = cond(M + "M1");
        String m2 = cond(M + "M2");
        String m3 = cond(M + "M3");
        String target = "{\"name\": \"%s\", %s, \"endpoint\": \"https://example.com/%s\", \"timeout\": \"%s\"}";
        List<Step> s = new ArrayList<>();
        // rules 1 to 3
        s.add(new Step("rule 1: no token", Op.SET_EXECUTION, null, set(m1), 16, "Errors.Token.Invalid"));
        s.add(new Step("rule 1: unknown token", Op.SET_EXECUTION, "nope", set(m1), 16, "Errors.Token.Invalid"));
        s.add(new Step("rule 2: no permission", Op.SET_EXECUTION, TestServer.NOBODY, set(m1), 7,
                "Errors.Permission.Denied"));
        s.add(new Step("rule 2: read-only token writes a target", Op.CREATE_TARGET, TestServer.READ_ONLY,
                String.format(target, "t0", "\"restAsync\": {}", "t0", "10s"), 7, "Errors.Permission.Denied"));
        s.add(new Step("rule 3: actions off", Op.SET_EXECUTION, TestServer.NO_ACTIONS, set(m1), 5,
                "Errors.Action.NotEnabled"));
        // targets
        s.add(new Step("create T1", Op.CREATE_TARGET, admin,
                String.format(target, "t1", "\"restWebhook\": {\"interruptOnError\": true}", "t1", "10s"), 0, null));
        s.add(new Step("create T2", Op.CREATE_TARGET, admin,
                String.format(target, "t2", "\"restAsync\": {}", "t2", "1.5s"), 0, null));
        s.add(new Step("create T3", Op.CREATE_TARGET, admin,
                String.format(target, "t3", "\"restCall\": {\"interruptOnError\": false}", "t3", "270s"), 0, null));
        s.add(new Step("create: duplicate name", Op.CREATE_TARGET, admin,
                String.format(target, "t1", "\"restAsync\": {}", "x", "10s"), 6, "Errors.Target.AlreadyExists"));
        s.add(new Step("create: timeout over 270s", Op.CREATE_TARGET, admin,
                String.format(target, "t9", "\"restAsync\": {}", "x", "271s"), 3, "Errors.Target.Invalid"));
        s.add(new Step("create: endpoint not http(s)", Op.CREATE_TARGET, admin,
                "{\"name\": \"t9\", \"restAsync\": {}, \"endpoint\": \"ftp://x\", \"timeout\": \"10s\"}", 3,
                "Errors.Target.Invalid"));
        // SetExecution rules 5 to 12
        s.add(new Step("rule 5: method of 1,001 characters", Op.SET_EXECUTION, admin,
                set(cond("/a.b.S/" + "x".repeat(994))), 3, "Errors.Execution.Invalid"));
        s.add(new Step("rule 5: all is false", Op.SET_EXECUTION, admin,
                set("{\"request\": {\"all\": false}}"), 3, "Errors.Execution.Invalid"));
        s.add(new Step("rule 5: no condition kind", Op.SET_EXECUTION, admin, set("{}"), 3, "Errors.Execution.Invalid"));
        s.add(new Step("rule 5: a group that is only .*", Op.SET_EXECUTION, admin,
                set("{\"event\": {\"group\": \".*\"}}"), 3, "Errors.Execution.Invalid"));
        s.add(new Step("rule 6: an entry twice", Op.SET_EXECUTION, admin, set(m1, target("T1"), target("T1")), 3,
                "Errors.Execution.Invalid"));
        s.add(new Step("rule 6: an entry with neither target nor include", Op.SET_EXECUTION, admin, set(m1, "{}"), 3,
                "Errors.Execution.Invalid"));
        s.add(new Step("rule 6: an include with an invalid condition", Op.SET_EXECUTION, admin,
                set(m1, include(cond("/a.b.S/" + "x".repeat(994)))), 3, "Errors.Execution.Invalid"));
        s.add(new Step("rule 7: a method not in the catalog", Op.SET_EXECUTION, admin, set(cond(M + "Nope"),
                target("T1")), 5, "Errors.Execution.ConditionInvalid"));
        s.add(new Step("rule 7: a function not in the catalog", Op.SET_EXECUTION, admin,
                set("{\"function\": {\"name\": \"nope\"}}", target("T1")), 5, "Errors.Execution.ConditionInvalid"));
        s.add(new Step("rule 8: an unknown target", Op.SET_EXECUTION, admin, set(m1, "{\"target\": \"nope\"}"), 5,
                "Errors.Target.NotFound"));
        s.add(new Step("rule 9: an include never set", Op.SET_EXECUTION, admin, set(m1, include(svc)), 5,
                "Errors.Execution.IncludeNotFound"));
        s.add(new Step("set the service", Op.SET_EXECUTION, admin, set(svc, target("T2")), 0, null));
        s.add(new Step("set M1 with an include", Op.SET_EXECUTION, admin, set(m1, target("T1"), include(svc)), 0, null));
        s.add(new Step("set M1 unchanged", Op.SET_EXECUTION, admin, set(m1, target("T1"), include(svc)), 0, null));
        s.add(new Step("rule 10: a cycle", Op.SET_EXECUTION, admin, set(svc, include(m1)), 9,
                "Errors.Execution.CircularInclude"));
        s.add(new Step("set M2 including M1 (depth 3)", Op.SET_EXECUTION, admin, set(m2, include(m1)), 0, null));
        s.add(new Step("rule 10: including itself", Op.SET_EXECUTION, admin, set(m2, include(m2)), 9,
                "Errors.Execution.CircularInclude"));
        s.add(new Step("rule 11: depth 4", Op.SET_EXECUTION, admin, set(m3, include(m2)), 9,
                "Errors.Execution.MaxLevelsInclude"));
        s.add(new Step("rule 12: clearing an included execution", Op.SET_EXECUTION, admin, set(svc), 9,
                "Errors.Execution.StillIncluded"));
        s.add(new Step("set an event group and a function", Op.SET_EXECUTION, admin,
                set("{\"event\": {\"group\": \"user.human\"}}", target("T3")), 0, null));
        s.add(new Step("set a function", Op.SET_EXECUTION, admin,
                set("{\"function\": {\"name\": \"preuserinfo\"}}", target("T3"), target("T1")), 0, null));
        // ListExecutions
        String asc = "\"pagination\": {\"asc\": true}";
        s.add(new Step("list: everything", Op.LIST_EXECUTIONS, admin, "{" + asc + "}", 0, null));
        s.add(new Step("list: no pagination", Op.LIST_EXECUTIONS, admin, "{}", 0, null));
        s.add(new Step("list: by id, descending", Op.LIST_EXECUTIONS, admin,
                "{\"sortingColumn\": \"EXECUTION_FIELD_NAME_ID\", \"pagination\": {\"asc\": false}}", 0, null));
        s.add(new Step("list: offset and limit", Op.LIST_EXECUTIONS, admin,
                "{\"pagination\": {\"offset\": \"1\", \"limit\": 2, \"asc\": true}}", 0, null));
        s.add(new Step("list: reaching T2 (through includes)", Op.LIST_EXECUTIONS, admin,
                "{" + asc + ", \"filters\": [{\"targetFilter\": {\"targetId\": \"${T2}\"}}]}", 0, null));
        s.add(new Step("list: including the service", Op.LIST_EXECUTIONS, admin,
                "{" + asc + ", \"filters\": [{\"includeFilter\": {\"include\": " + svc + "}}]}", 0, null));
        s.add(new Step("list: type and condition filters AND-combined", Op.LIST_EXECUTIONS, admin,
                "{" + asc + ", \"filters\": [{\"executionTypeFilter\": {\"executionType\": \"EXECUTION_TYPE_REQUEST\"}},"
                        + " {\"inConditionsFilter\": {\"conditions\": [" + m1 + ", " + m2 + "]}}]}", 0, null));
        s.add(new Step("list: event type", Op.LIST_EXECUTIONS, admin,
                "{" + asc + ", \"filters\": [{\"executionTypeFilter\": {\"executionType\": \"EXECUTION_TYPE_EVENT\"}}]}",
                0, null));
        s.add(new Step("list: a malformed condition filter", Op.LIST_EXECUTIONS, admin,
                "{\"filters\": [{\"inConditionsFilter\": {\"conditions\": [{}]}}]}", 3, "Errors.Query.Invalid"));
        s.add(new Step("list: an empty filter", Op.LIST_EXECUTIONS, admin, "{\"filters\": [{}]}", 3,
                "Errors.Query.Invalid"));
        s.add(new Step("list: without read permission", Op.LIST_EXECUTIONS, TestServer.NOBODY, "{}", 7,
                "Errors.Permission.Denied"));
        // targets: read, search, update, delete
        s.add(new Step("get T1", Op.GET_TARGET, admin, "{\"id\": \"${T1}\"}", 0, null));
        s.add(new Step("get an unknown target", Op.GET_TARGET, admin, "{\"id\": \"nope\"}", 5, "Errors.Target.NotFound"));
        s.add(new Step("search: all by name", Op.LIST_TARGETS, admin,
                "{\"sortingColumn\": \"TARGET_FIELD_NAME_NAME\", " + asc + "}", 0, null));
        s.add(new Step("search: name contains, ids", Op.LIST_TARGETS, admin,
                "{" + asc + ", \"filters\": [{\"targetNameFilter\": {\"targetName\": \"t\", \"method\": "
                        + "\"TEXT_FILTER_METHOD_CONTAINS\"}}, {\"inTargetIdsFilter\": {\"targetIds\": [\"${T1}\", \"${T3}\"]}}]}",
                0, null));
        s.add(new Step("update T3", Op.UPDATE_TARGET, admin,
                "{\"id\": \"${T3}\", \"name\": \"t3b\", \"restWebhook\": {\"interruptOnError\": true}, \"timeout\": \"20s\"}",
                0, null));
        s.add(new Step("update: a zero timeout", Op.UPDATE_TARGET, admin, "{\"id\": \"${T3}\", \"timeout\": \"0s\"}",
                3, "Errors.Target.Invalid"));
        s.add(new Step("update: a taken name", Op.UPDATE_TARGET, admin, "{\"id\": \"${T3}\", \"name\": \"t1\"}", 6,
                "Errors.Target.AlreadyExists"));
        s.add(new Step("update: an unknown target", Op.UPDATE_TARGET, admin, "{\"id\": \"nope\", \"name\": \"n\"}", 5,
                "Errors.Target.NotFound"));
        s.add(new Step("get T3 after the update", Op.GET_TARGET, admin, "{\"id\": \"${T3}\"}", 0, null));
        s.add(new Step("delete T3", Op.DELETE_TARGET, admin, "{\"id\": \"${T3}\"}", 0, null));
        s.add(new Step("delete T3 again", Op.DELETE_TARGET, admin, "{\"id\": \"${T3}\"}", 0, null));
        s.add(new Step("delete a target never seen", Op.DELETE_TARGET, admin, "{\"id\": \"never\"}", 0, null));
        s.add(new Step("get T3 after the deletion", Op.GET_TARGET, admin, "{\"id\": \"${T3}\"}", 5,
                "Errors.Target.NotFound"));
        s.add(new Step("list after the deletion (T3 left out)", Op.LIST_EXECUTIONS, admin, "{" + asc + "}", 0, null));
        s.add(new Step("rule 8 again: re-sending a deleted target", Op.SET_EXECUTION, admin,
                set("{\"function\": {\"name\": \"preuserinfo\"}}", target("T3"), target("T1")), 5,
                "Errors.Target.NotFound"));
        // catalog
        s.add(new Step("catalog: functions", Op.LIST_FUNCTIONS, admin, "{}", 0, null));
        s.add(new Step("catalog: services", Op.LIST_SERVICES, admin, "{}", 0, null));
        s.add(new Step("catalog: methods", Op.LIST_METHODS, TestServer.NOBODY, "{}", 0, null));
        s.add(new Step("catalog: no token", Op.LIST_METHODS, null, "{}", 16, "Errors.Token.Invalid"));
        // resolve and history
        s.add(new Step("resolve M1", Op.RESOLVE, admin, "{\"request\": {\"method\": \"" + M + "M1\"}}", 0, null));
        s.add(new Step("resolve M2 (through two includes)", Op.RESOLVE, admin,
                "{\"request\": {\"method\": \"" + M + "M2\"}}", 0, null));
        s.add(new Step("resolve an event of the group", Op.RESOLVE, admin, "{\"event\": {\"event\": \"user.human.added\"}}",
                0, null));
        s.add(new Step("resolve a response (nothing)", Op.RESOLVE, admin,
                "{\"response\": {\"method\": \"" + M + "M1\"}}", 0, null));
        s.add(new Step("resolve: a service is not a call", Op.RESOLVE, admin,
                "{\"request\": {\"service\": \"" + TestServer.SERVICE + "\"}}", 3, "Errors.Query.Invalid"));
        s.add(new Step("resolve: a method that is not a full method", Op.RESOLVE, admin,
                "{\"request\": {\"method\": \"M1\"}}", 3, "Errors.Query.Invalid"));
        s.add(new Step("resolve: nothing asked", Op.RESOLVE, admin, "{}", 3, "Errors.Query.Invalid"));
        s.add(new Step("resolve: without read permission", Op.RESOLVE, TestServer.NOBODY,
                "{\"request\": {\"method\": \"" + M + "M1\"}}", 7, "Errors.Permission.Denied"));
        s.add(new Step("history of M1", Op.HISTORY, admin, "{\"condition\": " + m1 + "}", 0, null));
        s.add(new Step("history of the function", Op.HISTORY, admin,
                "{\"condition\": {\"function\": {\"name\": \"preuserinfo\"}}}", 0, null));
        s.add(new Step("history of a condition never set (not in the catalog)", Op.HISTORY, admin,
                "{\"condition\": " + cond(M + "Gone") + "}", 0, null));
        s.add(new Step("history: no condition", Op.HISTORY, admin, "{}", 3, "Errors.Query.Invalid"));
        return s;
    }

    // ---- normalization ---------------------------------------------------------------------------

    /** Generated ids become their names (T1, ...), dates other than the zero date become {@code <date>}. */
    private static JsonNode normalize(JsonNode node, Map<String, String> ids) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("signingKey") && field.getValue().isTextual()) {
                    copy.put("signingKey", field.getValue().asText().isEmpty() ? "" : "<key>");
                } else if (field.getKey().equals("appliedLimit") && field.getValue().asText().equals("0")) {
                    continue; // protobuf's JSON prints the default of a field REST does not have
                } else {
                    copy.set(field.getKey(), normalize(field.getValue(), ids));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(normalize(element, ids)));
            return copy;
        }
        if (node.isTextual()) {
            String text = node.asText();
            for (Map.Entry<String, String> id : ids.entrySet()) {
                if (text.equals(id.getValue())) {
                    return new TextNode("${" + id.getKey() + "}");
                }
            }
            if (text.matches("\\d+\\.\\d+s")) {
                // protobuf's JSON writes 0, 3, 6 or 9 decimals ("1.500s"), REST the shortest form ("1.5s")
                return new TextNode(new java.math.BigDecimal(text.substring(0, text.length() - 1))
                        .stripTrailingZeros().toPlainString() + "s");
            }
            if (text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z") && !text.startsWith("0001-")) {
                return new TextNode("<date>");
            }
        }
        return node;
    }
}
