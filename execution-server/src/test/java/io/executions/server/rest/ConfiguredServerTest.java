package io.executions.server.rest;

import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.Test;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Transports and the standalone server"): each field of the config file changes what the server does over HTTP. */
class ConfiguredServerTest {
    private static final String ALL_PERMISSIONS = "[\"action.execution.write\", \"action.execution.read\", "
            + "\"action.target.write\", \"action.target.read\", \"action.target.delete\"]";

    private static RunningServer start(String catalog, String more) {
        return RunningServer.start("{\"listen\": \"127.0.0.1:0\", \"storage\": {\"type\": \"memory\"},"
                + " \"instances\": [{\"id\": \"i1\", \"features\": {\"actions\": true}}, {\"id\": \"quiet\", \"features\": {\"actions\": false}},"
                + " {\"id\": \"plain\"}],"
                + " \"tokens\": [{\"token\": \"t\", \"instance\": \"i1\", \"user\": \"u1\", \"permissions\": "
                + ALL_PERMISSIONS + "}, {\"token\": \"q\", \"instance\": \"quiet\", \"user\": \"u2\", \"permissions\": "
                + ALL_PERMISSIONS + "}, {\"token\": \"p\", \"instance\": \"plain\", \"user\": \"u3\", \"permissions\": "
                + ALL_PERMISSIONS + "}, {\"token\": \"n\", \"instance\": \"undeclared\", \"user\": \"u4\", \"permissions\": "
                + "[\"action.execution.read\", \"iam.owner\"]}],"
                + " \"catalog\": " + catalog + more + "}");
    }

    private static final String CATALOG = "{\"services\": {\"a.v1.Svc\": [\"M1\", \"M2\", \"M3\", \"M4\"]},"
            + " \"events\": [\"user.added\"], \"functions\": [\"fn\"]}";

    private static String method(String name) {
        return "{\"request\": {\"method\": \"/a.v1.Svc/" + name + "\"}}";
    }

    private static void set(RunningServer server, String condition, String entries) {
        Answer answer = server.setExecution("t", condition, entries);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
    }

    @Test
    void limitsMaxEntriesIsEnforced() {
        try (RunningServer server = start(CATALOG, ", \"limits\": {\"maxEntries\": 2}")) {
            String a = server.createTarget("t", "a"), b = server.createTarget("t", "b"), c = server.createTarget("t", "c");
            set(server, method("M1"), "[" + quote(a) + ", " + quote(b) + "]");
            assertError(server.setExecution("t", method("M1"), "[" + quote(a) + ", " + quote(b) + ", " + quote(c) + "]"),
                    400, 3, "Errors.Execution.Invalid");
        }
    }

    @Test
    void limitsMaxIncludeDepthIsEnforced() {
        try (RunningServer server = start(CATALOG, ", \"limits\": {\"maxIncludeDepth\": 2}")) {
            String a = server.createTarget("t", "a");
            set(server, method("M1"), "[" + quote(a) + "]");
            set(server, method("M2"), "[{\"include\": " + method("M1") + "}]");
            assertError(server.setExecution("t", method("M3"), "[{\"include\": " + method("M2") + "}]"),
                    400, 9, "Errors.Execution.MaxLevelsInclude");
        }
    }

    @Test
    void theCatalogIsWhatTheListingsShowAndWhatConditionsAreCheckedAgainst() {
        try (RunningServer server = start(CATALOG, "")) {
            assertThat(server.send("GET", "/v2beta/actions/executions/methods", "t", null).json().toString())
                    .isEqualTo("{\"methods\":[\"/a.v1.Svc/M1\",\"/a.v1.Svc/M2\",\"/a.v1.Svc/M3\",\"/a.v1.Svc/M4\"]}");
            assertThat(server.send("GET", "/v2beta/actions/executions/services", "t", null).json().toString())
                    .isEqualTo("{\"services\":[\"a.v1.Svc\"]}");
            assertThat(server.send("GET", "/v2beta/actions/executions/functions", "t", null).json().toString())
                    .isEqualTo("{\"functions\":[\"fn\"]}");
            String a = server.createTarget("t", "a");
            set(server, "{\"event\": {\"group\": \"user\"}}", "[" + quote(a) + "]");
            set(server, "{\"function\": {\"name\": \"fn\"}}", "[" + quote(a) + "]");
            assertError(server.setExecution("t", "{\"function\": {\"name\": \"preuserinfo\"}}", "[" + quote(a) + "]"),
                    404, 5, "Errors.Execution.ConditionInvalid");
        }
    }

    @Test
    void theAllConditionsExistEvenWithAnEmptyCatalog() {
        try (RunningServer server = start("{}", "")) {
            String a = server.createTarget("t", "a");
            for (String condition : new String[]{"{\"request\": {\"all\": true}}", "{\"response\": {\"all\": true}}",
                    "{\"event\": {\"all\": true}}"}) {
                set(server, condition, "[" + quote(a) + "]");
            }
            assertThat(server.send("GET", "/v2beta/actions/executions/methods", "t", null).json().toString())
                    .isEqualTo("{\"methods\":[]}");
        }
    }

    @Test
    void lockOutGuardOptInLetsTheManagementApiResolve() {
        try (RunningServer server = start(CATALOG, ", \"lockOutGuard\": {\"optIn\": true}")) {
            String a = server.createTarget("t", "a");
            set(server, "{\"request\": {\"all\": true}}", "[" + quote(a) + "]");
            Answer answer = server.send("POST", "/v2beta/actions/executions/_resolve", "t",
                    "{\"request\": {\"method\": \"/zitadel.action.v2beta.ActionService/SetExecution\"}}");
            assertThat(answer.json().get("executionId").asText()).isEqualTo("request");
        }
    }

    @Test
    void lockOutGuardServicesReplaceTheDefaultOnes() {
        try (RunningServer server = start(CATALOG, ", \"lockOutGuard\": {\"services\": [\"a.v1.Svc\"], \"optIn\": false}")) {
            String a = server.createTarget("t", "a");
            set(server, "{\"request\": {\"all\": true}}", "[" + quote(a) + "]");
            Answer guarded = server.send("POST", "/v2beta/actions/executions/_resolve", "t",
                    "{\"request\": {\"method\": \"/a.v1.Svc/M1\"}}");
            assertThat(guarded.json().toString()).isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
            Answer free = server.send("POST", "/v2beta/actions/executions/_resolve", "t",
                    "{\"request\": {\"method\": \"/zitadel.action.v2beta.ActionService/SetExecution\"}}");
            assertThat(free.json().get("executionId").asText()).isEqualTo("request");
        }
    }

    @Test
    void anInstanceWithActionsSetToFalseAnswersNotEnabled() {
        try (RunningServer server = start(CATALOG, "")) {
            assertError(server.send("POST", "/v2beta/actions/executions/_search", "q", "{}"),
                    404, 5, "Errors.Action.NotEnabled");
        }
    }

    @Test
    void anInstanceThatDoesNotMentionTheFeatureHasActionsEnabled() {
        try (RunningServer server = start(CATALOG, "")) {
            assertThat(server.send("POST", "/v2beta/actions/executions/_search", "p", "{}").status()).isEqualTo(200);
        }
    }

    @Test
    void aTokenOfAnUndeclaredInstanceWithAHostPermissionStillWorks() {
        try (RunningServer server = start(CATALOG, "")) {
            assertThat(server.send("POST", "/v2beta/actions/executions/_search", "n", "{}").status()).isEqualTo(200);
            assertError(server.send("POST", "/v2beta/actions/targets/_search", "n", "{}"),
                    403, 7, "Errors.Permission.Denied");
        }
    }

    @Test
    void theTokenFixesTheActingUserSeenInTheHistory() {
        try (RunningServer server = start(CATALOG, "")) {
            String a = server.createTarget("t", "a");
            set(server, method("M4"), "[" + quote(a) + "]");
            assertThat(server.history("t", method("M4")).json().get("changes").get(0).get("actor").asText())
                    .isEqualTo("u1");
        }
    }
}
