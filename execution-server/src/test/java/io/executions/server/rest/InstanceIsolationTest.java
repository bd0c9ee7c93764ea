package io.executions.server.rest;

import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.ADMIN_I2;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Words"): nothing ever crosses instances, whatever the caller knows of the other instance. */
class InstanceIsolationTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherInstancesTargetIsNotFoundThere() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("iso"));
        assertError(server.send("GET", "/v2beta/actions/targets/" + id, ADMIN_I2, null), 404, 5,
                "Errors.Target.NotFound");
        assertError(server.send("POST", "/v2beta/actions/targets/" + id, ADMIN_I2, "{\"timeout\": \"3s\"}"),
                404, 5, "Errors.Target.NotFound");
        assertThat(server.send("POST", "/v2beta/actions/targets/_search", ADMIN_I2,
                "{\"filters\": [{\"inTargetIdsFilter\": {\"targetIds\": [" + quote(id) + "]}}]}").json()
                .get("targets")).isEmpty();
        // deleting it from the other instance deletes nothing here
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + id, ADMIN_I2, null).json().toString())
                .isEqualTo("{\"deletionDate\":\"0001-01-01T00:00:00Z\"}");
        assertThat(server.send("GET", "/v2beta/actions/targets/" + id, ADMIN, null).status()).isEqualTo(200);
    }

    @Test
    void anotherInstancesTargetCannotBeUsedInAnExecution() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("iso-use"));
        assertError(server.setExecution(ADMIN_I2, requestMethod(freshMethod()), "[" + quote(id) + "]"),
                404, 5, "Errors.Target.NotFound");
    }

    @Test
    void executionsOfOneInstanceAreInvisibleAndUnresolvableInTheOther() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("iso-exec"));
        String method = freshMethod();
        String condition = requestMethod(method);
        assertThat(server.setExecution(ADMIN, condition, "[" + quote(id) + "]").status()).isEqualTo(200);

        assertThat(server.list(ADMIN_I2).json().get("executions").toString()).doesNotContain(method);
        assertThat(server.history(ADMIN_I2, condition).json().toString()).isEqualTo("{\"changes\":[]}");
        assertThat(server.send("POST", "/v2beta/actions/executions/_resolve", ADMIN_I2,
                "{\"request\": {\"method\": " + quote(method) + "}}").json().toString())
                .isEqualTo("{\"executionId\":\"\",\"targets\":[]}");
        // and it cannot be included from the other instance
        assertError(server.setExecution(ADMIN_I2, requestMethod(freshMethod()), "[{\"include\": " + condition + "}]"),
                404, 5, "Errors.Execution.IncludeNotFound");
    }

    @Test
    void theSameTargetNameMayExistInTwoInstances() {
        String name = RunningServer.uniqueName("shared-name");
        server.createTarget(ADMIN, name);
        Answer other = server.send("POST", "/v2beta/actions/targets", ADMIN_I2, "{\"name\": " + quote(name)
                + ", \"restAsync\": {}, \"endpoint\": \"https://e.com\", \"timeout\": \"1s\"}");
        assertThat(other.status()).isEqualTo(200);
    }
}
