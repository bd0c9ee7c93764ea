package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.executions.dispatch.JwtSigner;
import io.executions.runtime.Executions;
import io.executions.server.ServerConfig;
import io.executions.server.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.SERVICE;
import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI's {@code invoke} (docs/dispatch.md) and the standalone server's persistent JWT payload key. */
class InvokeCliAndJwtKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer hooks;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHooks() throws IOException {
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

    /** The test config on an H2 file, loopback targets allowed. */
    private String config(Path store, String dispatch) {
        String json = RunningServer.configJson("{\"type\": \"h2\", \"path\": " + quote(store.toString()) + "}",
                "127.0.0.1:0");
        return json.substring(0, json.lastIndexOf('}')) + ",\n \"dispatch\": " + dispatch + "}";
    }

    @Test
    void the_cli_invoke_runs_the_chain_for_real_and_prints_each_calls_outcome() throws IOException {
        Path store = dir.resolve("invoke");
        String configJson = config(store, "{\"denyList\": []}");
        String method = "/" + SERVICE + "/M7";
        try (RunningServer server = RunningServer.start(configJson)) {
            String call = server.send("POST", "/v2beta/actions/targets", ADMIN, "{\"name\": \"rewriter\", \"restCall\": "
                    + "{\"interruptOnError\": true}, \"endpoint\": " + quote(hook("/rewrite")) + ", \"timeout\": \"5s\"}")
                    .json().get("id").asText();
            String failing = server.send("POST", "/v2beta/actions/targets", ADMIN, "{\"name\": \"failing\", "
                    + "\"restWebhook\": {\"interruptOnError\": true}, \"endpoint\": " + quote(hook("/fail"))
                    + ", \"timeout\": \"5s\"}").json().get("id").asText();
            assertThat(server.setExecution(ADMIN, RunningServer.requestMethod(method),
                    "[" + quote(call) + ", " + quote(failing) + "]").status()).isEqualTo(200);
        }
        Path config = dir.resolve("invoke.json");
        Files.writeString(config, configJson);

        Run json = runCli("invoke", "--config", config.toString(), "--instance", "i1", "--request", method,
                "--payload", "{\"name\": \"ada\"}", "--json");
        Run table = runCli("invoke", "--config", config.toString(), "--instance", "i1", "--request", method);
        Run nothing = runCli("invoke", "--config", config.toString(), "--instance", "i1", "--function", "preuserinfo");
        Run bad = runCli("invoke", "--config", config.toString(), "--request", method, "--payload", "[1]");

        assertThat(json.exitCode).as(json.err).isEqualTo(1); // interrupted by the failing target
        JsonNode answer = JSON.readTree(json.out);
        assertThat(answer.get("executionId").asText()).isEqualTo("request" + method);
        assertThat(answer.get("interrupted").asBoolean()).isTrue();
        assertThat(answer.get("payload").toString()).isEqualTo("{\"name\":\"grace\"}");
        assertThat(answer.at("/calls/0/outcome").asText()).isEqualTo("OK");
        assertThat(answer.at("/calls/1/outcome").asText()).isEqualTo("FAILED");
        assertThat(answer.at("/calls/1/httpStatus").asInt()).isEqualTo(500);
        assertThat(received.get(0)).contains("\"request\":{\"name\":\"ada\"}").contains("\"userID\":\"cli\"");
        assertThat(table.out).contains("INTERRUPTED").contains("rewriter").contains("FAILED");
        assertThat(nothing.exitCode).isZero();
        assertThat(nothing.out).contains("nothing ran");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("--payload must be a JSON object");
    }

    @Test
    void the_jwt_key_is_kept_sealed_in_the_store_so_a_restart_keeps_its_kid_and_verifies_old_tokens()
            throws Exception {
        Path store = dir.resolve("jwt");
        ServerConfig config = ServerConfig.parse(config(store, "{\"denyList\": []}").getBytes(StandardCharsets.UTF_8),
                "test");
        String token;
        String kid;
        String privateExponent;
        try (Executions engine = config.engineBuilder().build()) {
            JwtSigner signer = config.jwtSigner(engine, Map.of());
            kid = signer.keyId();
            privateExponent = RSAKey.parse(signer.privateJwkJson()).getPrivateExponent().toString();
            token = new String(signer.sign("{\"sub\": \"u1\"}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        JwtSigner afterRestart;
        try (Executions engine = config.engineBuilder().build()) {
            afterRestart = config.jwtSigner(engine, Map.of());
        }

        assertThat(afterRestart.keyId()).isEqualTo(kid);
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey published = (RSAKey) JWKSet.parse(afterRestart.jwksJson()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(published).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("u1");
        // sealed with the key encryption key: the private exponent is nowhere in the store's files
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(privateExponent);
            }
        }
    }

    @Test
    void a_configured_jwt_key_wins_over_the_stored_one_and_a_bad_one_is_refused_naming_the_field() throws Exception {
        JwtSigner configured = RunningServer.JWT;
        String jwk = configured.privateJwkJson();
        Path store = dir.resolve("configured");
        ServerConfig config = ServerConfig.parse(config(store, "{\"denyList\": [], \"jwtKey\": " + quote(jwk) + "}")
                .getBytes(StandardCharsets.UTF_8), "test");
        ServerConfig plain = ServerConfig.parse(config(store, "{\"denyList\": []}").getBytes(StandardCharsets.UTF_8),
                "test");

        try (Executions engine = config.engineBuilder().build()) {
            assertThat(config.jwtSigner(engine, Map.of()).keyId()).isEqualTo(configured.keyId());
            assertThat(plain.jwtSigner(engine, Map.of(ServerConfig.JWT_KEY_ENV, jwk)).keyId())
                    .isEqualTo(configured.keyId());
            assertThat(plain.jwtSigner(engine, Map.of()).keyId()).isNotEqualTo(configured.keyId());
        }
        assertThatThrownBy(() -> ServerConfig.parse(config(store, "{\"jwtKey\": \"{\\\"kty\\\": \\\"RSA\\\"}\"}")
                .getBytes(StandardCharsets.UTF_8), "test"))
                .isInstanceOf(ServerConfig.ConfigException.class).hasMessageContaining("dispatch.jwtKey");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static synchronized Run runCli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
