package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.domain.api.Condition;
import io.executions.projections.ResolveQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/dispatch.md's test invocation and the functions API. */
class InvokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTargets targets;
    private Engine engine;
    private TargetClient client;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
        engine = new Engine();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        engine.close();
        targets.close();
    }

    private JsonNode invoke(ResolveQuery query, String payload) throws Exception {
        ChainResult result = dispatcher.invoke(engine.instance, query, JSON.readTree(payload), "admin")
                .get(30, TimeUnit.SECONDS);
        return InvokeJson.render(result, JSON);
    }

    @Test
    void an_invocation_answers_each_calls_outcome_and_the_payload_after_the_call_targets() throws Exception {
        targets.route("/rewrite", r -> TestTargets.Answer.of(200, "{\"name\":\"grace\"}"));
        List<String> ids = engine.onRequest(Engine.call(targets.url("/rewrite"), false),
                Engine.webhook(targets.url("/fail"), false), Engine.async(targets.url("/ok")));

        JsonNode answer = invoke(ResolveQuery.request(Engine.METHOD), "{\"name\":\"ada\"}");

        assertThat(answer.get("executionId").asText()).isEqualTo("request" + Engine.METHOD);
        assertThat(answer.get("interrupted").asBoolean()).isFalse();
        assertThat(answer.get("payload")).isEqualTo(JSON.readTree("{\"name\":\"grace\"}"));
        assertThat(answer.get("calls")).hasSize(3);
        assertThat(answer.at("/calls/0/targetId").asText()).isEqualTo(ids.get(0));
        assertThat(answer.at("/calls/0/type").asText()).isEqualTo("restCall");
        assertThat(answer.at("/calls/0/outcome").asText()).isEqualTo("OK");
        assertThat(answer.at("/calls/0/httpStatus").asInt()).isEqualTo(200);
        assertThat(answer.at("/calls/1/outcome").asText()).isEqualTo("FAILED");
        assertThat(answer.at("/calls/1/httpStatus").asInt()).isEqualTo(500);
        assertThat(answer.at("/calls/1/error").asText()).isNotEmpty();
        assertThat(answer.at("/calls/2/outcome").asText()).isEqualTo("STARTED");
        assertThat(answer.at("/calls/0/durationMs").isNumber()).isTrue();
    }

    @Test
    void an_interrupted_invocation_ends_its_calls_at_the_failing_one() throws Exception {
        engine.onRequest(Engine.webhook(targets.url("/fail"), true), Engine.webhook(targets.url("/ok"), true));

        JsonNode answer = invoke(ResolveQuery.request(Engine.METHOD), "{}");

        assertThat(answer.get("interrupted").asBoolean()).isTrue();
        assertThat(answer.get("calls")).hasSize(1);
        assertThat(targets.received("/ok")).isEmpty();
    }

    @Test
    void an_invocation_that_matches_nothing_answers_an_empty_execution_id_and_no_calls() throws Exception {
        JsonNode answer = invoke(ResolveQuery.request("/nothing.v1.S/M"), "{\"a\":1}");

        assertThat(answer.get("executionId").asText()).isEmpty();
        assertThat(answer.get("calls")).isEmpty();
        assertThat(answer.get("interrupted").asBoolean()).isFalse();
        assertThat(answer.get("payload")).isEqualTo(JSON.readTree("{\"a\":1}"));
    }

    @Test
    void a_response_invocation_sends_the_payload_as_response_and_an_empty_request_and_no_caller_header()
            throws Exception {
        engine.set(Condition.responseMethod(Engine.METHOD), Engine.webhook(targets.url("/ok"), true));

        invoke(ResolveQuery.response(Engine.METHOD), "{\"id\":\"1\"}");

        JsonNode sent = JSON.readTree(targets.received("/ok").get(0).body());
        assertThat(sent.get("request")).isEqualTo(JSON.readTree("{}"));
        assertThat(sent.get("response")).isEqualTo(JSON.readTree("{\"id\":\"1\"}"));
        assertThat(sent.get("headers")).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void invokeFunction_merges_the_call_targets_claims() throws Exception {
        targets.route("/c1", r -> TestTargets.Answer.of(200, "{\"append_claims\":[{\"key\":\"a\",\"value\":1}]}"));
        targets.route("/c2", r -> TestTargets.Answer.of(200, "{\"append_claims\":[{\"key\":\"b\",\"value\":2}],"
                + "\"append_attribute\":[{\"name\":\"n\",\"nameFormat\":\"f\",\"value\":[\"v\"]}]}"));
        engine.set(Condition.function("preuserinfo"), Engine.call(targets.url("/c1"), true),
                Engine.call(targets.url("/c2"), true));

        FunctionResult result = dispatcher.invokeFunction(engine.instance, "preuserinfo",
                JSON.readTree("{\"userinfo\":{\"sub\":\"u1\"}}")).get(30, TimeUnit.SECONDS);

        assertThat(result.interrupted()).isFalse();
        assertThat(result.appendClaims()).hasSize(2);
        assertThat(result.appendClaims().get(1).get("key").asText()).isEqualTo("b");
        assertThat(result.appendAttribute()).hasSize(1);
        assertThat(result.setUserMetadata()).isEmpty();
    }
}
