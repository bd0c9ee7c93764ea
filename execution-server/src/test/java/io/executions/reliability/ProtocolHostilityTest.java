package io.executions.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static io.executions.reliability.TestConfig.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP layer itself refuses (garbage HTTP/2 frames, malformed request lines, oversize headers and
 * bodies, wrong content types) is answered in the contract's error shape, never an HTML page and never a 5xx;
 * nothing is written, and the server keeps serving. HTTP/2 over cleartext answers exactly as HTTP/1.1.
 */
class ProtocolHostilityTest {
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static InProcessServer server;
    private static int port;
    private static long eventsBefore;
    private static String overH2;

    @BeforeAll
    static void start() {
        server = InProcessServer.start(TestConfig.json(TestConfig.memoryStorage(), false));
        port = server.server.address().getPort();
        server.http.createTarget(ADMIN, "protocol-hostility");
        overH2 = server.http.createTarget(ADMIN, "over-h2");
        eventsBefore = server.engine.eventCount();
    }

    @AfterAll
    static void stop() {
        try {
            assertThat(server.engine.eventCount()).as("events written by hostile requests").isEqualTo(eventsBefore);
            assertThat(server.http.healthz()).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void malformedRequestLinesAreAnsweredWithTheContractsErrorNotAnHtmlPage() throws IOException {
        List<String> lines = List.of("GET\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /v2beta/actions/targets/a b c HTTP/1.1\r\nHost: x\r\n\r\n", "\u0001\u0002\u0003 / HTTP/1.1\r\n\r\n",
                "GET /v2beta/actions/executions/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v2beta/../v2beta/actions/executions/methods HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(40_000) + "\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
        for (String line : lines) {
            Http.Answer answer = raw(line.getBytes(StandardCharsets.ISO_8859_1));
            String what = line.substring(0, Math.min(60, line.length())).replace("\r\n", "\\r\\n");
            assertThat(answer.status()).as("status for %s: %s", what, answer).isBetween(400, 499);
            Http.assertErrorShape(answer, what);
        }
    }

    @Test
    void garbageHttp2FramesCloseOnlyThatConnectionWithAGoAway() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[16 + random.nextInt(200)];
            random.nextBytes(garbage);
            byte[] sent = concat(H2_PREFACE, garbage);
            byte[] reply = exchange(sent, false);
            // an HTTP/2 server answers a broken connection with its SETTINGS and a GOAWAY frame (type 7), never
            // with an HTTP/1 page
            assertThat(new String(reply, StandardCharsets.ISO_8859_1)).doesNotContain("<html", "HTTP/1.1 5");
            assertThat(containsFrameOfType(reply, 7)).as("GOAWAY in the reply to garbage frames %d", i).isTrue();
        }
        assertThat(server.http.healthz()).isEqualTo(200);
    }

    @Test
    void aBodyOverOneMebibyteIsAnswered413AndAHugeDeclaredLengthToo() throws IOException {
        byte[] big = new byte[(1 << 20) + 100];
        java.util.Arrays.fill(big, (byte) ' ');
        Http.Answer answer = server.http.sendBytes("PUT", "/v2beta/actions/executions", "Bearer " + ADMIN, big);
        Http.assertError(answer, 413, 3, "Errors.Execution.Invalid", "a body of 1 MiB + 100 bytes");
        Http.Answer declared = raw(("PUT /v2beta/actions/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ADMIN + "\r\nContent-Length: 10000000000\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
        assertThat(declared.status()).as("%s", declared).isEqualTo(413);
        Http.assertErrorShape(declared, "a declared length of 10 GB");
        Http.Answer unauthenticated = server.http.sendBytes("PUT", "/v2beta/actions/executions", null, big);
        assertThat(unauthenticated.status()).as("rule 1 comes before the size").isEqualTo(401);
    }

    @Test
    void aBodyThatIsNotJsonIsRule4WhateverItsContentTypeSays() {
        for (String type : List.of("application/xml", "application/grpc", "text/plain", "multipart/form-data")) {
            AggregatedHttpResponse answer = WebClient.of("http://127.0.0.1:" + port).execute(
                    RequestHeaders.builder(HttpMethod.POST, "/v2beta/actions/targets/_search")
                            .add("authorization", "Bearer " + ADMIN).add("content-type", type).build(),
                    "<search/>").aggregate().join();
            assertThat(answer.status().code()).as("content type %s", type).isEqualTo(400);
            JsonNode body = parse(answer.contentUtf8());
            assertThat(body.path("details").path(0).path("message").asText()).isEqualTo("Errors.Query.Invalid");
        }
    }

    @Test
    void http2WithPriorKnowledgeAnswersExactlyAsHttp1() {
        String path = "/v2beta/actions/targets/" + overH2;
        Http.Answer overHttp1 = server.http.send("GET", path, ADMIN, null);
        for (SessionProtocol protocol : List.of(SessionProtocol.H2C, SessionProtocol.H1C)) {
            AggregatedHttpResponse answer = WebClient.of(protocol.uriText() + "://127.0.0.1:" + port).execute(
                    RequestHeaders.of(HttpMethod.GET, path, "authorization", "Bearer " + ADMIN)).aggregate().join();
            assertThat(answer.status().code()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo(MediaType.parse("application/json"));
            assertThat(answer.contentUtf8()).as("over %s", protocol).isEqualTo(overHttp1.text());
            AggregatedHttpResponse refused = WebClient.of(protocol.uriText() + "://127.0.0.1:" + port).execute(
                    RequestHeaders.of(HttpMethod.GET, path)).aggregate().join();
            assertThat(refused.status().code()).isEqualTo(401);
            assertThat(parse(refused.contentUtf8()).path("details").path(0).path("id").asText()).isEqualTo("API-TOKEN");
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Sends raw bytes on a fresh connection and parses the HTTP/1.1 answer. */
    private static Http.Answer raw(byte[] request) throws IOException {
        byte[] reply = exchange(request, true);
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(text).as("an HTTP/1.1 answer").startsWith("HTTP/1.1 ");
        assertThat(end).isPositive();
        int status = Integer.parseInt(text.substring(9, 12));
        byte[] body = java.util.Arrays.copyOfRange(reply, end + 4, reply.length);
        JsonNode json;
        try {
            json = body.length == 0 ? null : Http.JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return new Http.Answer(status, body, json);
    }

    /**
     * Writes, then reads until the server closes the connection (at most 10 s), or, with {@code oneAnswer}, until
     * one HTTP/1.1 answer (headers and {@code content-length} bytes) is complete: a connection may stay open.
     */
    private static byte[] exchange(byte[] request, boolean oneAnswer) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // the server may close before reading everything; its answer is still there to read
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    all.write(buffer, 0, n);
                    if (oneAnswer && complete(all.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketException e) {
                // reset after the answer
            }
            return all.toByteArray();
        }
    }

    private static boolean complete(byte[] reply) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(text.substring(0, end + 2));
        return length.find() && reply.length >= end + 4 + Integer.parseInt(length.group(1));
    }

    private static boolean containsFrameOfType(byte[] frames, int type) {
        int i = 0;
        while (i + 9 <= frames.length) {
            int length = ((frames[i] & 0xff) << 16) | ((frames[i + 1] & 0xff) << 8) | (frames[i + 2] & 0xff);
            if ((frames[i + 3] & 0xff) == type) {
                return true;
            }
            i += 9 + length;
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
