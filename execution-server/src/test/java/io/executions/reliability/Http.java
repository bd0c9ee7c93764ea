package io.executions.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real HTTP/1.1 client against one server's base address, and the contract's error body check. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

    private final String base;
    private final HttpClient client;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer: status, raw body and the body parsed as JSON (null when it is not JSON). */
    record Answer(int status, byte[] raw, JsonNode json) {
        String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }

    Answer send(String method, String path, String token, String body) {
        return sendBytes(method, path, token == null ? null : "Bearer " + token,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Throws {@link IOException} (unchecked) when the connection fails, e.g. because the server died. */
    Answer sendBytes(String method, String path, String authorization, byte[] body) {
        try {
            return trySend(method, path, authorization, body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    Answer trySend(String method, String path, String authorization, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** PUT /v2beta/actions/executions with a raw condition and targets JSON (targets may be null). */
    Answer setExecution(String token, String condition, String targets) {
        return send("PUT", "/v2beta/actions/executions", token,
                "{\"condition\": " + condition + (targets == null ? "" : ", \"targets\": " + targets) + "}");
    }

    Answer resolve(String token, String method) {
        return send("POST", "/v2beta/actions/executions/_resolve", token,
                "{\"request\": {\"method\": " + TestConfig.quote(method) + "}}");
    }

    /** Creates a {@code restWebhook} target and returns its id. */
    String createTarget(String token, String name) {
        Answer created = send("POST", "/v2beta/actions/targets", token, "{\"name\": " + TestConfig.quote(name)
                + ", \"restWebhook\": {\"interruptOnError\": true}, \"endpoint\": \"https://example.com/hook\","
                + " \"timeout\": \"10s\"}");
        assertThat(created.status()).as("creating target %s: %s", name, created).isEqualTo(200);
        return created.json().get("id").asText();
    }

    int healthz() {
        return send("GET", "/healthz", null, null).status();
    }

    /**
     * The error body of docs/contract.md ("Checks of a call"): {@code code} (int), {@code message} (text), and exactly one detail
     * with {@code @type} ErrorDetail, an {@code id} and the message key.
     */
    static void assertErrorShape(Answer answer, String context) {
        JsonNode body = answer.json();
        assertThat(body).as("%s: the error answer %s is JSON", context, answer).isNotNull();
        assertThat(fieldNames(body)).as("%s: fields of %s", context, answer).containsExactly("code", "message", "details");
        assertThat(body.get("code").isInt()).as("%s: code is an int in %s", context, answer).isTrue();
        assertThat(body.get("message").isTextual()).as("%s: message is text in %s", context, answer).isTrue();
        assertThat(body.get("details").isArray() && body.get("details").size() == 1)
                .as("%s: one detail in %s", context, answer).isTrue();
        JsonNode detail = body.get("details").get(0);
        assertThat(detail.path("@type").asText()).as("%s: @type in %s", context, answer).isEqualTo(ERROR_DETAIL_TYPE);
        assertThat(detail.path("id").isTextual() && !detail.get("id").asText().isBlank())
                .as("%s: detail id in %s", context, answer).isTrue();
        assertThat(detail.path("message").isTextual() && !detail.get("message").asText().isBlank())
                .as("%s: message key in %s", context, answer).isTrue();
    }

    /** The error of one contract row: HTTP status, gRPC code, message key, and the body shape. */
    static void assertError(Answer answer, int http, int grpc, String messageKey, String context) {
        assertThat(answer.status()).as("%s: status of %s", context, answer).isEqualTo(http);
        assertErrorShape(answer, context);
        assertThat(answer.json().get("code").asInt()).as("%s: gRPC code of %s", context, answer).isEqualTo(grpc);
        assertThat(answer.json().get("details").get(0).get("message").asText())
                .as("%s: message key of %s", context, answer).isEqualTo(messageKey);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
