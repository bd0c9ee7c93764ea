package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.Condition;
import io.executions.domain.api.TargetType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.executions.dispatch.Engine.async;
import static io.executions.dispatch.Engine.call;
import static io.executions.dispatch.Engine.timed;
import static io.executions.dispatch.Engine.webhook;
import static org.assertj.core.api.Assertions.assertThat;

class DispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTargets targets;
    private Engine engine;
    private TargetClient client;
    private SimpleMeterRegistry registry;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
        engine = new Engine();
        // 10.0.0.0/8 is denied so a test can name a denied endpoint; loopback (the test targets) is allowed
        client = TargetClient.builder().denyList(DenyList.of(List.of("10.0.0.0/8", "169.254.0.0/16"))).build();
        registry = new SimpleMeterRegistry();
        dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client)
                .metrics(new DispatchMetrics(registry)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        engine.close();
        targets.close();
    }

    private static ObjectNode message(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private ChainResult request(String json) throws Exception {
        return dispatcher.request(engine.instance, new CallContext(Engine.METHOD, "org1", "p1", "u1",
                Map.of("x-forwarded-for", List.of("203.0.113.9"))), message(json)).get(30, TimeUnit.SECONDS);
    }

    private String url(String behaviour) {
        return switch (behaviour) {
            case "silent" -> targets.silentUrl();
            case "reset" -> targets.resettingUrl();
            case "denied" -> "http://10.0.0.1:9/hook";
            default -> targets.url(behaviour);
        };
    }

    @ParameterizedTest(name = "{0} {1} interruptOnError={3}")
    @CsvSource({
            "/ok,              restWebhook, OK,      true",
            "/ok,              restWebhook, OK,      false",
            "/fail,            restWebhook, FAILED,  true",
            "/fail,            restWebhook, FAILED,  false",
            "/slow,            restWebhook, TIMEOUT, true",
            "/slow,            restWebhook, TIMEOUT, false",
            "silent,           restWebhook, TIMEOUT, true",
            "silent,           restWebhook, TIMEOUT, false",
            "reset,            restWebhook, FAILED,  true",
            "reset,            restWebhook, FAILED,  false",
            "/garbage,         restCall,    FAILED,  true",
            "/garbage,         restCall,    FAILED,  false",
            "/garbage,         restWebhook, OK,      true",
            "/forward403,      restWebhook, FAILED,  true",
            "/forward403,      restCall,    FAILED,  false",
            "/redirect-denied, restWebhook, FAILED,  true",
            "/redirect-denied, restWebhook, FAILED,  false",
            "denied,           restWebhook, DENIED,  true",
            "denied,           restWebhook, DENIED,  false",
    })
    void a_failure_stops_the_chain_only_with_interruptOnError(String behaviour, String type, Outcome expected,
                                                               boolean interrupt) throws Exception {
        targets.slow("/slow", 3_000);
        Engine.Spec first = timed(new Engine.Spec("first", TargetType.fromJson(type), interrupt, url(behaviour),
                Duration.ofSeconds(5)), Duration.ofMillis(400));
        targets.route("/next", r -> TestTargets.Answer.of(200, ""));
        engine.onRequest(first, webhook(targets.url("/next"), false));

        ChainResult result = request("{\"name\":\"ada\"}");

        assertThat(result.calls().get(0).call().outcome()).isEqualTo(expected);
        if (expected.isFailure() && interrupt) {
            assertThat(result.interrupted()).isTrue();
            assertThat(result.calls()).hasSize(1);
            assertThat(targets.received("/next")).isEmpty();
        } else {
            assertThat(result.interrupted()).isFalse();
            assertThat(result.calls()).hasSize(2);
            assertThat(result.calls().get(1).call().outcome()).isEqualTo(Outcome.OK);
            assertThat(targets.received("/next")).hasSize(1);
        }
    }

    @Test
    void an_interrupting_failure_fails_the_call_with_failed_precondition_execution_failed() throws Exception {
        engine.onRequest(webhook(targets.url("/fail"), true));

        ChainResult result = request("{}");

        assertThat(result.failure().grpcCode()).isEqualTo(9);
        assertThat(result.failure().httpStatus()).isEqualTo(400);
        assertThat(result.failure().messageKey()).isEqualTo("Errors.Execution.Failed");
    }

    @Test
    void a_forwarded_4xx_fails_the_call_with_that_codes_status_and_message() throws Exception {
        engine.onRequest(call(targets.url("/forward403"), true));

        ChainResult result = request("{}");

        assertThat(result.failure().grpcCode()).isEqualTo(7);
        assertThat(result.failure().httpStatus()).isEqualTo(403);
        assertThat(result.failure().message()).isEqualTo("no access for you");
        assertThat(result.calls().get(0).call().httpStatus()).isEqualTo(200);
    }

    @Test
    void a_forwarded_code_outside_4xx_is_failed_precondition() throws Exception {
        engine.onRequest(webhook(targets.url("/forward500"), true));

        ChainResult result = request("{}");

        assertThat(result.failure().grpcCode()).isEqualTo(9);
        assertThat(result.failure().message()).isEqualTo("server side");
    }

    @Test
    void a_call_targets_answer_replaces_the_request_and_the_next_target_sees_it() throws Exception {
        targets.route("/rewrite", r -> TestTargets.Answer.of(200, "{\"name\":\"grace\",\"admin\":false}"));
        engine.onRequest(call(targets.url("/rewrite"), true), webhook(targets.url("/ok"), true));

        ChainResult result = request("{\"name\":\"ada\"}");

        assertThat(result.message()).isEqualTo(JSON.readTree("{\"name\":\"grace\",\"admin\":false}"));
        JsonNode seenByNext = JSON.readTree(targets.received("/ok").get(0).body());
        assertThat(seenByNext.get("request")).isEqualTo(JSON.readTree("{\"name\":\"grace\",\"admin\":false}"));
    }

    @Test
    void a_call_target_with_an_empty_2xx_body_leaves_the_message_as_it_was() throws Exception {
        engine.onRequest(call(targets.url("/ok"), true));

        ChainResult result = request("{\"name\":\"ada\"}");

        assertThat(result.calls().get(0).call().outcome()).isEqualTo(Outcome.OK);
        assertThat(result.message()).isEqualTo(JSON.readTree("{\"name\":\"ada\"}"));
    }

    @Test
    void a_webhooks_body_never_changes_the_message() throws Exception {
        targets.route("/json", r -> TestTargets.Answer.of(200, "{\"name\":\"mallory\"}"));
        engine.onRequest(webhook(targets.url("/json"), true));

        assertThat(request("{\"name\":\"ada\"}").message()).isEqualTo(JSON.readTree("{\"name\":\"ada\"}"));
    }

    @Test
    void the_request_payload_has_the_contracts_shape_and_a_verifiable_signature() throws Exception {
        engine.onRequest(webhook(targets.url("/ok"), true));

        request("{\"name\":\"ada\"}");

        TestTargets.Received received = targets.received("/ok").get(0);
        assertThat(JSON.readTree(received.body())).isEqualTo(JSON.readTree("{\"fullMethod\":\"" + Engine.METHOD
                + "\",\"instanceID\":\"" + engine.instance + "\",\"orgID\":\"org1\",\"projectID\":\"p1\","
                + "\"userID\":\"u1\",\"request\":{\"name\":\"ada\"},\"headers\":{\"x-forwarded-for\":[\"203.0.113.9\"]}}"));
        assertThat(SignatureVerifier.withDefaults().isValid(received.header("ZITADEL-Signature"), received.body(),
                engine.keys.get(0))).isTrue();
        assertThat(received.header("X-Executions-Delivery")).isNotBlank();
    }

    @Test
    void after_a_rotation_with_a_grace_period_both_keys_sign_until_the_old_one_expires() throws Exception {
        List<String> ids = engine.onRequest(webhook(targets.url("/ok"), true));
        String oldKey = engine.keys.get(0);
        String newKey = engine.executions.updateTarget(new io.executions.domain.api.UpdateTarget(engine.instance,
                io.executions.domain.api.TargetId.of(ids.get(0)), null, null, null, null, null, Duration.ofHours(1),
                "admin")).signingKey();

        request("{}");

        TestTargets.Received received = targets.received("/ok").get(0);
        String header = received.header("ZITADEL-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        assertThat(SignatureVerifier.withDefaults().isValid(header, received.body(), newKey)).isTrue();
        assertThat(SignatureVerifier.withDefaults().isValid(header, received.body(), oldKey)).isTrue();
        io.executions.domain.api.TargetDefinition rotated = engine.executions.queries()
                .target(engine.instance, io.executions.domain.api.TargetId.of(ids.get(0))).orElseThrow().definition();
        assertThat(SigningKeySource.withRotation(java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.ofHours(2))).keysFor(null, rotated)).containsExactly(newKey);
    }

    @Test
    void targets_run_one_after_the_other_in_list_order() throws Exception {
        targets.route("/a", r -> TestTargets.Answer.of(200, ""));
        targets.route("/b", r -> TestTargets.Answer.of(200, ""));
        targets.route("/c", r -> TestTargets.Answer.of(200, ""));
        targets.slow("/a", 150); // the first is the slowest: parallel calls would arrive in another order
        engine.onRequest(webhook(targets.url("/a"), true), webhook(targets.url("/b"), true),
                webhook(targets.url("/c"), true));

        ChainResult result = request("{}");

        assertThat(targets.received()).extracting(TestTargets.Received::path).containsExactly("/a", "/b", "/c");
        assertThat(result.calls()).extracting(c -> c.call().outcome()).containsOnly(Outcome.OK);
    }

    @Test
    void an_async_target_is_started_and_not_awaited() throws Exception {
        targets.slow("/slow-async", 2_000);
        engine.onRequest(async(targets.url("/slow-async")), webhook(targets.url("/ok"), true));

        long start = System.nanoTime();
        ChainResult result = request("{}");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.calls().get(0).call().outcome()).isEqualTo(Outcome.STARTED);
        assertThat(result.interrupted()).isFalse();
        assertThat(tookMs).isLessThan(1_500);
        long deadline = System.currentTimeMillis() + 5_000;
        while (targets.received("/slow-async").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(targets.received("/slow-async")).hasSize(1);
    }

    @Test
    void when_the_async_calls_are_full_a_new_one_is_refused_clearly_and_the_chain_goes_on() throws Exception {
        Dispatcher small = Dispatcher.builder().queries(engine.executions.queries()).client(client)
                .maxAsyncInFlight(1).build();
        engine.onRequest(async(targets.silentUrl()), async(targets.silentUrl()), webhook(targets.url("/ok"), true));

        ChainResult result = small.request(engine.instance, CallContext.of(Engine.METHOD), message("{}"))
                .get(10, TimeUnit.SECONDS);

        assertThat(result.calls()).extracting(c -> c.call().outcome())
                .containsExactly(Outcome.STARTED, Outcome.FAILED, Outcome.OK);
        assertThat(result.calls().get(1).call().error()).contains("async calls full");
        assertThat(result.interrupted()).isFalse();
    }

    @Test
    void the_whole_chain_is_bounded_by_the_sum_of_its_synchronous_timeouts() throws Exception {
        Engine.Spec hanging = timed(webhook(targets.silentUrl(), false), Duration.ofMillis(300));
        engine.onRequest(hanging, hanging.withName("h2"), hanging.withName("h3"),
                timed(async(targets.silentUrl()), Duration.ofSeconds(60)));

        long start = System.nanoTime();
        ChainResult result = request("{}");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.calls()).extracting(c -> c.call().outcome())
                .containsExactly(Outcome.TIMEOUT, Outcome.TIMEOUT, Outcome.TIMEOUT, Outcome.STARTED);
        assertThat(tookMs).isBetween(850L, 900L + 600L);
    }

    @Test
    void a_call_with_no_execution_runs_nothing() throws Exception {
        ChainResult result = request("{\"name\":\"ada\"}");

        assertThat(result.matched()).isFalse();
        assertThat(result.calls()).isEmpty();
        assertThat(result.message()).isEqualTo(JSON.readTree("{\"name\":\"ada\"}"));
        assertThat(targets.received()).isEmpty();
    }

    @Test
    void a_response_target_sees_request_and_response_and_a_call_replaces_the_response() throws Exception {
        targets.route("/rewrite", r -> TestTargets.Answer.of(200, "{\"id\":\"42\",\"masked\":true}"));
        engine.set(Condition.responseMethod(Engine.METHOD), call(targets.url("/rewrite"), true));

        ChainResult result = dispatcher.response(engine.instance, CallContext.of(Engine.METHOD),
                message("{\"name\":\"ada\"}"), message("{\"id\":\"42\"}")).get(10, TimeUnit.SECONDS);

        JsonNode sent = JSON.readTree(targets.received("/rewrite").get(0).body());
        assertThat(sent.get("request")).isEqualTo(JSON.readTree("{\"name\":\"ada\"}"));
        assertThat(sent.get("response")).isEqualTo(JSON.readTree("{\"id\":\"42\"}"));
        assertThat(result.message()).isEqualTo(JSON.readTree("{\"id\":\"42\",\"masked\":true}"));
    }

    @Test
    void a_functions_call_targets_answers_add_up() throws Exception {
        targets.route("/claims1", r -> TestTargets.Answer.of(200,
                "{\"append_claims\":[{\"key\":\"a\",\"value\":1}],\"set_user_metadata\":[{\"key\":\"m\",\"value\":\"eA==\"}]}"));
        targets.route("/claims2", r -> TestTargets.Answer.of(200,
                "{\"append_claims\":[{\"key\":\"b\",\"value\":2}],\"append_log_claims\":[\"seen\"]}"));
        engine.set(Condition.function("preuserinfo"), call(targets.url("/claims1"), true),
                call(targets.url("/claims2"), true));

        ChainResult result = dispatcher.function(engine.instance, "preuserinfo",
                message("{\"user\":{\"id\":\"u1\"}}")).get(10, TimeUnit.SECONDS);

        assertThat(result.message()).isEqualTo(JSON.readTree("{\"append_claims\":[{\"key\":\"a\",\"value\":1},"
                + "{\"key\":\"b\",\"value\":2}],\"set_user_metadata\":[{\"key\":\"m\",\"value\":\"eA==\"}],"
                + "\"append_log_claims\":[\"seen\"]}"));
        assertThat(JSON.readTree(targets.received("/claims1").get(0).body()))
                .isEqualTo(JSON.readTree("{\"function\":\"preuserinfo\",\"user\":{\"id\":\"u1\"}}"));
    }

    @Test
    void an_event_target_receives_the_event_payload_shape() throws Exception {
        engine.set(Condition.event("user.human.added"), webhook(targets.url("/ok"), true));

        dispatcher.event(engine.instance, new DispatchEvent("user.human.added", "u1", "user", "org1", "v1", 7,
                Instant.parse("2026-11-30T03:00:00Z"), "admin", message("{\"email\":\"a@b.c\"}")))
                .get(10, TimeUnit.SECONDS);

        assertThat(JSON.readTree(targets.received("/ok").get(0).body())).isEqualTo(JSON.readTree(
                "{\"aggregateID\":\"u1\",\"aggregateType\":\"user\",\"resourceOwner\":\"org1\",\"instanceID\":\""
                        + engine.instance + "\",\"version\":\"v1\",\"sequence\":7,\"event_type\":\"user.human.added\","
                        + "\"created_at\":\"2026-11-30T03:00:00Z\",\"userID\":\"admin\","
                        + "\"event_payload\":{\"email\":\"a@b.c\"}}"));
    }

    @Test
    void every_call_is_timed_per_target_and_outcome() throws Exception {
        List<String> ids = engine.onRequest(webhook(targets.url("/ok"), false), webhook(targets.url("/fail"), false));

        request("{}");

        assertThat(registry.get(DispatchMetrics.CALLS).tag("target", ids.get(0)).tag("outcome", "OK").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(DispatchMetrics.CALLS).tag("target", ids.get(1)).tag("outcome", "FAILED")
                .tag("type", "restWebhook").timer().count()).isEqualTo(1);
    }

    @Test
    void every_resolution_is_counted_by_whether_any_target_runs() throws Exception {
        engine.onRequest(webhook(targets.url("/ok"), false));

        request("{}");
        dispatcher.hasTargets(engine.instance, io.executions.projections.ResolveQuery.request("/other.v1.Svc/None"));

        assertThat(registry.get(DispatchMetrics.RESOLUTIONS).tag("targets", "some").counter().count()).isEqualTo(1);
        assertThat(registry.get(DispatchMetrics.RESOLUTIONS).tag("targets", "none").counter().count()).isEqualTo(1);
    }
}
