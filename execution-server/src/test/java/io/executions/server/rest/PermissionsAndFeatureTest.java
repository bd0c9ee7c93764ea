package io.executions.server.rest;

import io.executions.api.Permissions;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules 1 to 3 for every endpoint: a valid token, the endpoint's own permission (the catalog listings need
 * none), and the {@code actions} feature of the caller's instance.
 */
class PermissionsAndFeatureTest {
    private static RunningServer server;
    private static String target;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory();
        target = server.createTarget(ADMIN, "permissions-target");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> endpoints() {
        String condition = requestMethod("/" + RunningServer.SERVICE + "/M1");
        return Stream.of(
                Arguments.of("PUT", "/v2beta/actions/executions", "{\"condition\": " + condition + "}",
                        Permissions.EXECUTION_WRITE),
                Arguments.of("POST", "/v2beta/actions/executions/_search", "{}", Permissions.EXECUTION_READ),
                Arguments.of("POST", "/v2beta/actions/executions/search", "{}", Permissions.EXECUTION_READ),
                Arguments.of("POST", "/v2beta/actions/executions/_resolve",
                        "{\"request\": {\"method\": \"/a.b.S/M\"}}", Permissions.EXECUTION_READ),
                Arguments.of("POST", "/v2beta/actions/executions/_history", "{\"condition\": " + condition + "}",
                        Permissions.EXECUTION_READ),
                Arguments.of("POST", "/v2beta/actions/targets", "{\"name\": \"p\", \"restAsync\": {}, "
                        + "\"endpoint\": \"https://e.com\", \"timeout\": \"1s\"}", Permissions.TARGET_WRITE),
                Arguments.of("POST", "/v2beta/actions/targets/TARGET", "{\"timeout\": \"2s\"}",
                        Permissions.TARGET_WRITE),
                Arguments.of("GET", "/v2beta/actions/targets/TARGET", null, Permissions.TARGET_READ),
                Arguments.of("POST", "/v2beta/actions/targets/_search", "{}", Permissions.TARGET_READ),
                Arguments.of("DELETE", "/v2beta/actions/targets/TARGET", null, Permissions.TARGET_DELETE));
    }

    private static Answer call(String method, String path, String token, String body) {
        return server.send(method, path.replace("TARGET", target), token, body);
    }

    @ParameterizedTest(name = "{0} {1} needs {3}")
    @MethodSource("endpoints")
    void everyEndpointRefusesACallerWithoutItsPermission(String method, String path, String body,
                                                          String permission) {
        long events = server.engine.eventCount();
        Answer answer = call(method, path, RunningServer.without(permission), body);
        assertError(answer, 403, 7, "Errors.Permission.Denied");
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0} {1} needs a valid token")
    @MethodSource("endpoints")
    void everyEndpointRefusesAnUnauthenticatedCaller(String method, String path, String body, String permission) {
        assertError(call(method, path, null, body), 401, 16, "Errors.Token.Invalid");
    }

    @ParameterizedTest(name = "{0} {1} needs the actions feature")
    @MethodSource("endpoints")
    void everyEndpointAnswers404WhenTheInstanceHasActionsDisabled(String method, String path, String body,
                                                                   String permission) {
        assertError(call(method, path, RunningServer.NO_ACTIONS, body), 404, 5, "Errors.Action.NotEnabled");
    }

    @Test
    void theCatalogListingsNeedOnlyAValidTokenAndTheFeature() {
        for (String listing : new String[]{"functions", "methods", "services"}) {
            String path = "/v2beta/actions/executions/" + listing;
            assertThat(server.send("GET", path, RunningServer.NO_PERMISSIONS, null).status()).isEqualTo(200);
            assertError(server.send("GET", path, null, null), 401, 16, "Errors.Token.Invalid");
            assertError(server.send("GET", path, RunningServer.NO_ACTIONS, null), 404, 5, "Errors.Action.NotEnabled");
        }
    }

    @Test
    void permissionIsCheckedBeforeTheFeatureAndTheFeatureBeforeTheBody() {
        // no permission and a broken body: the permission answers
        assertError(server.send("PUT", "/v2beta/actions/executions", RunningServer.NO_PERMISSIONS, "{"),
                403, 7, "Errors.Permission.Denied");
        // actions disabled and a broken body: the feature answers
        assertError(server.send("PUT", "/v2beta/actions/executions", RunningServer.NO_ACTIONS, "{"),
                404, 5, "Errors.Action.NotEnabled");
    }

    @Test
    void aTokenWithTheOtherSchemeOrNoSchemeIsNotAuthenticated() {
        assertError(server.sendRawAuthorization("Basic " + ADMIN), 401, 16, "Errors.Token.Invalid");
        assertError(server.sendRawAuthorization(ADMIN), 401, 16, "Errors.Token.Invalid");
    }
}
