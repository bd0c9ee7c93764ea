package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.executions.server.ServerConfig;
import io.executions.runtime.Executions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/dispatch.md over the server's sockets: the deny list at create/update, {@code _invoke}, key handling. */
class DispatchEndpointsTest {
    private static final String TARGETS = "/v2beta/actions/targets";
    private static final String INVOKE = "/v2beta/actions/executions/_invoke";

    private HttpServer hooks;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHooks() throws Exception {
        hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hooks.createContext("/rewrite", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"name\":\"grace\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hooks.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        hooks.start();
    }

    @AfterEach
    void stopHooks() {
        hooks.stop(0);
    }

    private String hook(String path) {
        return "http://127.0.0.1:" + hooks.getAddress().getPort() + path;
    }

    private static RunningServer withDispatch(String dispatchJson) {
        String config = RunningServer.configJson("{\"type\": \"memory\"}", "127.0.0.1:0");
        return RunningServer.start(config.substring(0, config.lastIndexOf('}')) + ",\n \"dispatch\": " + dispatchJson + "}");
    }

    private static String target(String name, String type, String endpoint) {
        return "{\"name\": \"" + name + "\", \"" + type + "\": {" + (type.equals("restAsync") ? "" : "\"interruptOnError\": true")
                + "}, \"endpoint\": \"" + endpoint + "\", \"timeout\": \"5s\"}";
    }

    @Test
    void with_the_default_list_a_loopback_or_private_endpoint_is_refused_at_create_and_update() {
        try (RunningServer server = RunningServer.inMemory()) {
            for (String denied : List.of("http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://[::1]:8080/x",
                    "http://localhost:9/x", "http://169.254.169.254/latest", "http://[fd00::1]/x")) {
                RunningServer.Answer answer = server.send("POST", TARGETS, ADMIN, target("t", "restWebhook", denied));
                assertThat(answer.status()).as(denied).isEqualTo(400);
                assertThat(answer.json().at("/details/0/message").asText()).isEqualTo("Errors.Target.DeniedURL");
            }
            RunningServer.Answer created = server.send("POST", TARGETS, ADMIN,
                    target("public", "restWebhook", "https://example.com/hook"));
            assertThat(created.status()).isEqualTo(200);
            String id = created.json().get("id").asText();

            RunningServer.Answer updated = server.send("POST", TARGETS + "/" + id, ADMIN,
                    "{\"endpoint\": \"http://192.168.1.10/hook\"}");
            assertThat(updated.status()).isEqualTo(400);
            assertThat(updated.json().at("/details/0/message").asText()).isEqualTo("Errors.Target.DeniedURL");
            assertThat(server.send("GET", TARGETS + "/" + id, ADMIN, null).json().at("/target/endpoint").asText())
                    .isEqualTo("https://example.com/hook");
        }
    }

    @Test
    void an_empty_deny_list_allows_everything() {
        try (RunningServer server = withDispatch("{\"denyList\": []}")) {
            assertThat(server.send("POST", TARGETS, ADMIN, target("t", "restWebhook", "http://127.0.0.1:9/x"))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void a_listing_of_targets_shows_no_signing_key_but_get_does() {
        try (RunningServer server = RunningServer.inMemory()) {
            String id = server.send("POST", TARGETS, ADMIN, target("keyed", "restWebhook", "https://example.com/h"))
                    .json().get("id").asText();

            JsonNode listed = server.send("POST", TARGETS + "/_search", ADMIN, "{}").json().get("targets").get(0);
            assertThat(listed.get("signingKey").asText()).isEmpty();
            assertThat(server.send("GET", TARGETS + "/" + id, ADMIN, null).json().at("/target/signingKey").asText())
                    .isNotEmpty();
        }
    }

    @Test
    void invoke_runs_the_chain_for_real_and_answers_every_calls_outcome() throws Exception {
        try (RunningServer server = withDispatch("{\"denyList\": []}")) {
            String call = server.send("POST", TARGETS, ADMIN, target("rewriter", "restCall", hook("/rewrite")))
                    .json().get("id").asText();
            String failing = server.send("POST", TARGETS, ADMIN,
                    "{\"name\": \"failing\", \"restWebhook\": {\"interruptOnError\": false}, \"endpoint\": \""
                            + hook("/fail") + "\", \"timeout\": \"5s\"}").json().get("id").asText();
            String method = "/" + SERVICE + "/M1";
            assertThat(server.send("PUT", "/v2beta/actions/executions", ADMIN, "{\"condition\": {\"request\": {\"method\": \""
                    + method + "\"}}, \"targets\": [\"" + call + "\", \"" + failing + "\"]}").status()).isEqualTo(200);

            RunningServer.Answer answer = server.send("POST", INVOKE, ADMIN,
                    "{\"request\": {\"method\": \"" + method + "\"}, \"payload\": {\"name\": \"ada\"}}");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(body.get("executionId").asText()).isEqualTo("request" + method);
            assertThat(body.get("interrupted").asBoolean()).isFalse();
            assertThat(body.get("payload").toString()).isEqualTo("{\"name\":\"grace\"}");
            assertThat(body.at("/calls/0/targetId").asText()).isEqualTo(call);
            assertThat(body.at("/calls/0/outcome").asText()).isEqualTo("OK");
            assertThat(body.at("/calls/1/outcome").asText()).isEqualTo("FAILED");
            assertThat(body.at("/calls/1/httpStatus").asInt()).isEqualTo(500);
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).contains("\"request\":{\"name\":\"ada\"}").contains("\"userID\":\"user-admin-i1\"").contains("\"headers\":{}");
        }
    }

    @Test
    void invoke_of_a_call_that_matches_nothing_answers_an_empty_id_and_no_calls() {
        try (RunningServer server = RunningServer.inMemory()) {
            RunningServer.Answer answer = server.send("POST", INVOKE, ADMIN,
                    "{\"function\": {\"name\": \"preuserinfo\"}}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("executionId").asText()).isEmpty();
            assertThat(answer.json().get("calls")).isEmpty();
            assertThat(answer.json().get("payload").toString()).isEqualTo("{}");
            assertThat(answer.json().get("interrupted").asBoolean()).isFalse();
        }
    }

    @Test
    void invoke_needs_the_execution_write_permission_and_a_well_formed_body() {
        try (RunningServer server = RunningServer.inMemory()) {
            RunningServer.Answer denied = server.send("POST", INVOKE, RunningServer.without("action.execution.write"),
                    "{\"function\": {\"name\": \"preuserinfo\"}}");
            assertThat(denied.status()).isEqualTo(403);

            for (String bad : List.of("{}", "{\"function\": {\"name\": \"f\"}, \"payload\": 1}",
                    "{\"function\": {\"name\": \"f\"}, \"at\": \"2026-01-01T00:00:00Z\"}",
                    "{\"request\": {\"method\": \"nope\"}}", "[1]")) {
                RunningServer.Answer answer = server.send("POST", INVOKE, ADMIN, bad);
                assertThat(answer.status()).as(bad).isEqualTo(400);
                assertThat(answer.json().at("/details/0/message").asText()).as(bad).isEqualTo("Errors.Query.Invalid");
            }
        }
    }

    @Test
    void the_jwks_is_public_and_a_target_keeps_its_payload_type() throws Exception {
        try (RunningServer server = RunningServer.inMemory()) {
            RunningServer.Answer jwks = server.send("GET", "/.well-known/executions/jwks.json", null, null);
            assertThat(jwks.status()).isEqualTo(200);
            assertThat(jwks.json().at("/keys/0/kty").asText()).isEqualTo("RSA");
            assertThat(jwks.json().at("/keys/0/d").isMissingNode()).as("no private part").isTrue();

            RunningServer.Answer created = server.send("POST", TARGETS, ADMIN, "{\"name\": \"jwt\", \"restWebhook\": {},"
                    + " \"endpoint\": \"https://example.com/h\", \"timeout\": \"5s\", \"payloadType\": \"PAYLOAD_TYPE_JWT\"}");
            assertThat(created.status()).isEqualTo(200);
            String id = created.json().get("id").asText();
            assertThat(server.send("GET", TARGETS + "/" + id, ADMIN, null).json().at("/target/payloadType").asText())
                    .isEqualTo("PAYLOAD_TYPE_JWT");
            assertThat(server.send("POST", TARGETS, ADMIN, "{\"name\": \"x\", \"restWebhook\": {},"
                    + " \"endpoint\": \"https://example.com/h\", \"timeout\": \"5s\", \"payloadType\": \"JWT\"}").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void the_development_defaults_allow_loopback_but_not_private_networks() {
        ServerConfig dev = ServerConfig.development().config();

        assertThat(dev.denyList().denyingEntry("127.0.0.1")).isNull();
        assertThat(dev.denyList().denyingEntry("localhost")).isNull();
        assertThat(dev.denyList().denyingEntry("10.0.0.1")).isEqualTo("10.0.0.0/8");
    }

    @Test
    void an_h2_store_without_a_configured_key_keeps_a_generated_key_beside_it_and_reads_its_keys_after_a_restart(
            @TempDir Path dir) throws Exception {
        Path store = dir.resolve("executions");
        ServerConfig config = ServerConfig.parse(RunningServer.configJson("{\"type\": \"h2\", \"path\": "
                + RunningServer.quote(store.toString()) + "}", "127.0.0.1:0").getBytes(StandardCharsets.UTF_8), "test");
        String first = config.keyCipher(Map.of()).keyId();

        assertThat(Files.exists(dir.resolve("executions.kek"))).isTrue();
        assertThat(config.keyCipher(Map.of()).keyId()).isEqualTo(first);
        String fromEnvironment = io.executions.runtime.SigningKeyCipher.generateBase64();
        assertThat(config.keyCipher(Map.of(ServerConfig.KEY_ENCRYPTION_ENV, fromEnvironment)).keyId())
                .isEqualTo(io.executions.runtime.SigningKeyCipher.fromBase64(fromEnvironment).keyId());
        try (Executions engine = config.engineBuilder().build()) {
            assertThat(engine.awaitCaughtUp(java.time.Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void a_malformed_deny_list_or_key_is_a_config_error_naming_the_field() {
        String config = RunningServer.configJson("{\"type\": \"memory\"}", "127.0.0.1:0");
        String base = config.substring(0, config.lastIndexOf('}'));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.parse((base
                        + ", \"dispatch\": {\"denyList\": [\"10.0.0.0/99\"]}}").getBytes(StandardCharsets.UTF_8), "t"))
                .hasMessageContaining("dispatch.denyList");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.parse((base
                        + ", \"dispatch\": {\"keyEncryptionKey\": \"c2hvcnQ=\"}}").getBytes(StandardCharsets.UTF_8), "t"))
                .hasMessageContaining("dispatch.keyEncryptionKey");
    }
}
