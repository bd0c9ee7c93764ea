package io.executions.server.rest;

import io.executions.api.ExecutionsHttpApi;
import io.executions.api.CallerAuthenticator;
import io.executions.api.Permissions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.server.ExecutionServer;
import io.executions.server.ServerConfig;
import io.executions.runtime.Executions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real standalone server (engine, facade, JDK HTTP server) on a random loopback port, and a real HTTP
 * client. Tests talk to it over sockets only.
 */
final class RunningServer implements AutoCloseable {
    /** Tokens of the test config: instance i1 and i2 with actions on, i3 with actions off. */
    static final String ADMIN = "admin-i1";
    static final String ADMIN_I2 = "admin-i2";
    static final String NO_ACTIONS = "admin-i3";
    static final String NO_PERMISSIONS = "nobody-i1";
    static final String SERVICE = "test.v1.Svc";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NEXT = new AtomicInteger();

    final Executions engine;
    final ExecutionServer server;
    final ServerConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One JWT key for every test server (an RSA key takes a while to make). */
    static final io.executions.dispatch.JwtSigner JWT = io.executions.dispatch.JwtSigner.generate();

    private final io.executions.dispatch.TargetClient targets;

    private RunningServer(ServerConfig config, ExecutionsHttpApi api, Executions engine) throws IOException {
        this.config = config;
        this.engine = engine;
        this.targets = io.executions.dispatch.TargetClient.builder().denyList(config.denyList()).build();
        api.service().withDispatcher(io.executions.dispatch.Dispatcher.builder().queries(engine.queries())
                .client(targets).jwtSigner(JWT).build());
        this.server = ExecutionServer.start(new InetSocketAddress("127.0.0.1", 0), api, engine::isCaughtUp, 4);
    }

    static RunningServer inMemory() {
        return start(configJson("{\"type\": \"memory\"}", "127.0.0.1:0"));
    }

    static RunningServer onH2(Path file) {
        return start(configJson("{\"type\": \"h2\", \"path\": " + quote(file.toString()) + "}", "127.0.0.1:0"));
    }

    static RunningServer start(String configJson) {
        return start(configJson, null);
    }

    /** The test config with spare instances in memory, with dates taken from the given clock. */
    static RunningServer inMemory(Clock clock, int spareInstances) {
        return start(configJson("{\"type\": \"memory\"}", "127.0.0.1:0", spareInstances), clock);
    }

    /** A server of the given config; with a clock, every date it writes comes from that clock. */
    static RunningServer start(String configJson, Clock clock) {
        ServerConfig config = ServerConfig.parse(configJson.getBytes(StandardCharsets.UTF_8), "test config");
        Executions.Builder builder = config.engineBuilder();
        if (clock != null) {
            builder.clock(clock);
        }
        Executions engine = builder.build();
        try {
            ExecutionsHttpApi api = new ExecutionsHttpApi(engine, config.authenticator(), config.features());
            return new RunningServer(config, api, engine);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The standalone server's engine with durable delivery (docs/delivery.md), the given {@code "delivery"}
     * section, in memory; its worker calls targets with the JDK sender.
     */
    static RunningServer withDelivery(String deliveryJson) {
        String json = configJson("{\"type\": \"memory\"}", "127.0.0.1:0");
        // the targets are loopback receivers of the test
        json = json.substring(0, json.length() - 1) + ",\n \"delivery\": " + deliveryJson
                + ",\n \"dispatch\": {\"denyList\": []}}";
        ServerConfig config = ServerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "test config");
        Executions engine = config.serverEngineBuilder(new io.executions.runtime.HttpDeliverySender()).build();
        try {
            return new RunningServer(config, new ExecutionsHttpApi(engine, config.authenticator(), config.features()),
                    engine);
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException(e);
        }
    }

    /** A server whose facade uses the given authenticator (e.g. one that fails). */
    static RunningServer withAuthenticator(CallerAuthenticator authenticator) {
        ServerConfig config = ServerConfig.parse(configJson("{\"type\": \"memory\"}", "127.0.0.1:0")
                .getBytes(StandardCharsets.UTF_8), "test config");
        Executions engine = config.engineBuilder().build();
        try {
            return new RunningServer(config, new ExecutionsHttpApi(engine, authenticator, config.features()), engine);
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException(e);
        }
    }

    static String configJson(String storage, String listen) {
        return configJson(storage, listen, 0);
    }

    /**
     * The test config plus {@code spareInstances} instances {@code x0, x1, ...} with actions on, each with an
     * all-permission token {@link #spareAdmin(int)}: a test that needs an empty instance takes one.
     */
    static String configJson(String storage, String listen, int spareInstances) {
        StringBuilder methods = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            methods.append(i == 0 ? "" : ", ").append("\"M").append(i).append('"');
        }
        String all = "[\"action.execution.write\", \"action.execution.read\", \"action.target.write\", "
                + "\"action.target.read\", \"action.target.delete\", \"action.event.write\"]";
        StringBuilder tokens = new StringBuilder();
        tokens.append(token(ADMIN, "i1", all)).append(',')
                .append(token(ADMIN_I2, "i2", all)).append(',')
                .append(token(NO_ACTIONS, "i3", all)).append(',')
                .append(token(NO_PERMISSIONS, "i1", "[]"));
        for (String permission : Permissions.ALL) {
            // one token per permission that has every permission but that one
            StringBuilder others = new StringBuilder("[");
            for (String other : Permissions.ALL) {
                if (!other.equals(permission)) {
                    others.append(others.length() > 1 ? ", " : "").append(quote(other));
                }
            }
            others.append(']');
            tokens.append(',').append(token(without(permission), "i1", others.toString()));
        }
        StringBuilder spares = new StringBuilder();
        for (int i = 0; i < spareInstances; i++) {
            spares.append(", {\"id\": \"x").append(i).append("\", \"features\": {\"actions\": true}}");
            tokens.append(',').append(token(spareAdmin(i), "x" + i, all));
        }
        return "{\"listen\": " + quote(listen) + ",\n"
                + " \"storage\": " + storage + ",\n"
                + " \"instances\": [{\"id\": \"i1\", \"features\": {\"actions\": true}},"
                + " {\"id\": \"i2\", \"features\": {\"actions\": true}}, {\"id\": \"i3\", \"features\": {\"actions\": false}}" + spares + "],\n"
                + " \"tokens\": [" + tokens + "],\n"
                + " \"catalog\": {\"services\": {\"" + SERVICE + "\": [" + methods + "],"
                + " \"zitadel.session.v2.SessionService\": [\"ListSessions\", \"GetSession\"]},"
                + " \"events\": [\"user.human.added\", \"user.human.changed\", \"session.added\"],"
                + " \"functions\": [\"preuserinfo\", \"preaccesstoken\"]},\n"
                + " \"limits\": {\"maxIncludeDepth\": 3, \"maxEntries\": 100}}";
    }

    static String spareAdmin(int instance) {
        return "admin-x" + instance;
    }

    static String without(String permission) {
        return "all-but-" + permission;
    }

    private static String token(String token, String instance, String permissions) {
        return "{\"token\": " + quote(token) + ", \"instance\": " + quote(instance) + ", \"user\": \"user-" + token
                + "\", \"permissions\": " + permissions + "}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A method of the test catalog no other test has used yet. */
    static String freshMethod() {
        return "/" + SERVICE + "/M" + NEXT.getAndIncrement();
    }

    static String requestMethod(String method) {
        return "{\"request\": {\"method\": " + quote(method) + "}}";
    }

    String base() {
        InetSocketAddress address = server.address();
        return "http://127.0.0.1:" + address.getPort();
    }

    Answer send(String method, String path, String token, String body) {
        return sendBytes(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    Answer sendBytes(String method, String path, String token, byte[] body) {
        return exchange(method, path, token == null ? null : "Bearer " + token, body);
    }

    /** GET of the function listing with the Authorization header exactly as given. */
    Answer sendRawAuthorization(String authorization) {
        return exchange("GET", "/v2beta/actions/executions/functions", authorization, null);
    }

    /** A request with one more header (e.g. If-Match). */
    Answer sendWithHeader(String method, String path, String token, String body, String header, String value) {
        return exchange(method, path, token == null ? null : "Bearer " + token,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), header, value);
    }

    private Answer exchange(String method, String path, String authorization, byte[] body) {
        return exchange(method, path, authorization, body, null, null);
    }

    private Answer exchange(String method, String path, String authorization, byte[] body, String header,
                            String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (header != null) {
            request.header(header, value);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), JSON.readTree(response.body()),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- shorthands of the contract's calls, as the admin of i1 unless a token is given ----------

    Answer setExecution(String token, String condition, String targets) {
        return send("PUT", "/v2beta/actions/executions", token,
                "{\"condition\": " + condition + (targets == null ? "" : ", \"targets\": " + targets) + "}");
    }

    /** Creates a target and returns its id. */
    String createTarget(String token, String name) {
        Answer created = send("POST", "/v2beta/actions/targets", token, "{\"name\": " + quote(name)
                + ", \"restWebhook\": {\"interruptOnError\": true}, \"endpoint\": \"https://example.com/hook\","
                + " \"timeout\": \"10s\"}");
        if (created.status() != 200) {
            throw new AssertionError("creating target " + name + " failed: " + created);
        }
        return created.json().get("id").asText();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + NEXT.getAndIncrement();
    }

    Answer history(String token, String condition) {
        return send("POST", "/v2beta/actions/executions/_history", token, "{\"condition\": " + condition + "}");
    }

    Answer list(String token) {
        return send("POST", "/v2beta/actions/executions/_search", token, "{}");
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            targets.close();
            engine.close();
        }
    }

    record Answer(int status, JsonNode json, String contentType) {
    }
}
