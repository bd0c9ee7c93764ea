package io.executions.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.executions.grpc.proto.zitadel.action.v2.AddPublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionFunctionsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionFunctionsResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsRequest;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error paths of the gRPC side over real sockets: the error detail's form, malformed messages (after rules 1
 * to 3), oversize messages, deadlines, Connect's own errors, UNIMPLEMENTED methods; and that nothing is written.
 */
class GrpcErrorPathsTest {
    private static final String SET = "zitadel.action.v2beta.ActionService/SetExecution";
    private static final byte[] GARBAGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
    private static TestServer server;
    private static ManagedChannel channel;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = TestServer.start(64 * 1024, Duration.ofSeconds(30));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /** A raw gRPC call with grpc-java: any bytes as the message. */
    private static byte[] rawGrpc(String method, String token, byte[] message, long deadlineMillis) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
        }
        return ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                descriptor, CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS), message);
    }

    private static ErrorDetail onlyDetail(StatusRuntimeException e) throws Exception {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).as("grpc-status-details-bin").isNotNull();
        assertThat(status.getCode()).isEqualTo(e.getStatus().getCode().value());
        assertThat(status.getDetailsList()).hasSize(1);
        Any any = status.getDetails(0);
        assertThat(any.getTypeUrl()).isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
        return any.unpack(ErrorDetail.class);
    }

    private static long executionCount() {
        return server.engine.eventCount();
    }

    // ---- gRPC ------------------------------------------------------------------------------------

    @Test
    @DisplayName("a gRPC error carries the code, the message, and one zitadel.v1.ErrorDetail in grpc-status-details-bin")
    void grpcErrorCarriesOneErrorDetail() throws Exception {
        StatusRuntimeException e = (StatusRuntimeException) catchThrowable(() -> ActionServiceGrpc.newBlockingStub(channel)
                .listExecutionFunctions(ListExecutionFunctionsRequest.getDefaultInstance()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription()).contains("Authorization: Bearer");
        ErrorDetail detail = onlyDetail(e);
        assertThat(detail.getId()).isEqualTo("API-TOKEN");
        assertThat(detail.getMessage()).isEqualTo("Errors.Token.Invalid");
    }

    @Test
    @DisplayName("a message that does not parse is INVALID_ARGUMENT with the operation's key, after rule 1 and writing nothing")
    void malformedMessageIsInvalidArgumentAfterAuthentication() throws Exception {
        long before = executionCount();
        StatusRuntimeException anonymous = (StatusRuntimeException) catchThrowable(
                () -> rawGrpc(SET, null, GARBAGE, 10_000));
        assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        StatusRuntimeException nobody = (StatusRuntimeException) catchThrowable(
                () -> rawGrpc(SET, TestServer.NOBODY, GARBAGE, 10_000));
        assertThat(nobody.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        StatusRuntimeException admin = (StatusRuntimeException) catchThrowable(
                () -> rawGrpc(SET, TestServer.ADMIN, GARBAGE, 10_000));
        assertThat(admin.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        ErrorDetail detail = onlyDetail(admin);
        assertThat(detail.getId()).isEqualTo("API-BODY");
        assertThat(detail.getMessage()).isEqualTo("Errors.Execution.Invalid");
        assertThat(executionCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("a message over the limit is RESOURCE_EXHAUSTED and writes nothing")
    void oversizeMessageIsResourceExhausted() {
        long before = executionCount();
        byte[] big = new byte[200 * 1024]; // a valid message: field 15 (unknown) of 200 KiB is still too large
        StatusRuntimeException e = (StatusRuntimeException) catchThrowable(
                () -> rawGrpc(SET, TestServer.ADMIN, big, 10_000));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(executionCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("a deadline shorter than the call is DEADLINE_EXCEEDED from the server, in time, and the call does nothing")
    void deadlineIsHonouredByTheServer() throws Exception {
        long before = executionCount();
        // gRPC-Web by hand, so the answer is the server's (a grpc-java client would enforce the deadline itself)
        long start = System.nanoTime();
        GrpcWebAnswer answer = grpcWeb(SET, TestServer.SLOW, setExecutionMessage(), Map.of("grpc-timeout", "300m"), false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status).isEqualTo(Status.Code.DEADLINE_EXCEEDED.value());
        assertThat(millis).as("answered within the deadline's order, not after the slow call").isLessThan(2500);
        Thread.sleep(TestServer.SLOW_MILLIS + 500); // the slow check finishes: the method must still not run
        assertThat(executionCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("the public-key RPCs of v2 apply rules 1 to 3 first: no token is UNAUTHENTICATED with an ErrorDetail")
    void publicKeysNeedAToken() throws Exception {
        StatusRuntimeException e = (StatusRuntimeException) catchThrowable(() ->
                io.executions.grpc.proto.zitadel.action.v2.ActionServiceGrpc.newBlockingStub(channel)
                        .addPublicKey(AddPublicKeyRequest.newBuilder().setTargetId("t").build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(onlyDetail(e).getMessage()).isEqualTo("Errors.Token.Invalid");
    }

    @Test
    @DisplayName("gRPC also runs over an HTTP/1.1 connection upgraded to h2c (not only with prior knowledge)")
    void grpcOverH2cUpgrade() {
        try (ClientFactory factory = ClientFactory.builder().useHttp2Preface(false).build()) {
            ActionServiceGrpc.ActionServiceBlockingStub stub = GrpcClients.builder("h2c://127.0.0.1:" + server.port())
                    .factory(factory)
                    .addHeader("authorization", "Bearer " + TestServer.ADMIN)
                    .build(ActionServiceGrpc.ActionServiceBlockingStub.class);
            ListExecutionFunctionsResponse functions = stub.listExecutionFunctions(
                    ListExecutionFunctionsRequest.getDefaultInstance());
            assertThat(functions.getFunctionsList()).containsExactly("preaccesstoken", "preuserinfo");
        }
    }

    // ---- gRPC-Web by hand --------------------------------------------------------------------------

    record GrpcWebAnswer(int httpStatus, int status, String message, ErrorDetail detail, byte[] message0) {
    }

    private static byte[] setExecutionMessage() {
        return io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest.newBuilder()
                .setCondition(ProtoForms.condition(io.executions.domain.api.Condition.function("preuserinfo")))
                .build().toByteArray();
    }

    /** A gRPC-Web call with java.net.http: one data frame, the answer's frames and trailers read by hand. */
    private static GrpcWebAnswer grpcWeb(String method, String token, byte[] message, Map<String, String> headers,
                                         boolean text) throws Exception {
        byte[] frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + "/" + method))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", text ? "application/grpc-web-text" : "application/grpc-web+proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(text ? Base64.getEncoder().encode(frame) : frame));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = text ? decodeTextChunks(new String(response.body(), StandardCharsets.US_ASCII)) : response.body();
        Map<String, String> trailers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> trailers.put(k.toLowerCase(), v.get(0)));
        byte[] data = null;
        ByteBuffer in = ByteBuffer.wrap(body);
        assertThat(response.headers().firstValue("content-type").orElse("")).as("a gRPC-Web answer, HTTP "
                + response.statusCode()).startsWith("application/grpc-web");
        while (in.remaining() >= 5) {
            byte flags = in.get();
            byte[] payload = new byte[in.getInt()];
            in.get(payload);
            if ((flags & 0x80) != 0) {
                for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                    }
                }
            } else {
                data = payload;
            }
        }
        int status = Integer.parseInt(trailers.getOrDefault("grpc-status", "-1"));
        ErrorDetail detail = null;
        if (trailers.containsKey("grpc-status-details-bin")) {
            String b64 = trailers.get("grpc-status-details-bin").replace("=", "");
            com.google.rpc.Status details = com.google.rpc.Status.parseFrom(
                    Base64.getDecoder().decode(b64 + "===".substring(0, (4 - b64.length() % 4) % 4)));
            detail = details.getDetails(0).unpack(ErrorDetail.class);
        }
        return new GrpcWebAnswer(response.statusCode(), status, trailers.get("grpc-message"), detail, data);
    }

    /** gRPC-Web text: each frame is base64 on its own (padded), so decode 4 characters at a time. */
    private static byte[] decodeTextChunks(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String t = text.replaceAll("\\s", "");
        for (int i = 0; i + 4 <= t.length(); i += 4) {
            out.writeBytes(Base64.getDecoder().decode(t.substring(i, i + 4)));
        }
        return out.toByteArray();
    }

    @Test
    @DisplayName("gRPC-Web binary and text by hand: a malformed message is INVALID_ARGUMENT with its ErrorDetail, HTTP 200")
    void grpcWebMalformedMessage() throws Exception {
        for (boolean text : new boolean[]{false, true}) {
            GrpcWebAnswer answer = grpcWeb(SET, TestServer.ADMIN, GARBAGE, Map.of(), text);
            assertThat(answer.httpStatus).isEqualTo(200);
            assertThat(answer.status).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
            assertThat(answer.detail.getId()).isEqualTo("API-BODY");
            assertThat(answer.detail.getMessage()).isEqualTo("Errors.Execution.Invalid");
        }
    }

    @Test
    @DisplayName("gRPC-Web text by hand: a good call answers its message and grpc-status 0")
    void grpcWebTextSuccess() throws Exception {
        GrpcWebAnswer answer = grpcWeb("zitadel.action.v2beta.ActionService/ListExecutions", TestServer.ADMIN,
                ListExecutionsRequest.getDefaultInstance().toByteArray(), Map.of(), true);
        assertThat(answer.status).isZero();
        assertThat(io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsResponse.parseFrom(answer.message0)
                .hasPagination()).isTrue();
    }

    // ---- Connect -----------------------------------------------------------------------------------

    private static HttpResponse<String> connect(String method, String contentType, byte[] body,
                                                Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + "/" + method))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) {
        return Transport.tree(text);
    }

    @Test
    @DisplayName("Connect: malformed JSON is unauthenticated without a token, invalid_argument with one, nothing written")
    void connectMalformedJson() throws Exception {
        long before = executionCount();
        byte[] bad = "{\"condition\": ".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> anonymous = connect(SET, "application/json", bad, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous.body()).path("code").asText()).isEqualTo("unauthenticated");
        HttpResponse<String> admin = connect(SET, "application/json", bad,
                Map.of("Authorization", "Bearer " + TestServer.ADMIN, "Connect-Protocol-Version", "1"));
        assertThat(admin.statusCode()).isEqualTo(400);
        JsonNode body = json(admin.body());
        assertThat(body.path("code").asText()).isEqualTo("invalid_argument");
        assertThat(body.path("details").path(0).path("type").asText()).isEqualTo("zitadel.v1.ErrorDetail");
        assertThat(body.path("details").path(0).path("debug").path("id").asText()).isEqualTo("API-BODY");
        assertThat(body.path("details").path(0).path("debug").path("message").asText())
                .isEqualTo("Errors.Execution.Invalid");
        assertThat(executionCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("Connect: malformed protobuf is invalid_argument (400)")
    void connectMalformedProto() throws Exception {
        HttpResponse<String> answer = connect(SET, "application/proto", GARBAGE,
                Map.of("Authorization", "Bearer " + TestServer.ADMIN));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer.body()).path("code").asText()).isEqualTo("invalid_argument");
    }

    @Test
    @DisplayName("Connect: an unknown Connect-Protocol-Version or a malformed Connect-Timeout-Ms is invalid_argument")
    void connectBadHeaders() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String list = "zitadel.action.v2beta.ActionService/ListExecutions";
        HttpResponse<String> version = connect(list, "application/json", body,
                Map.of("Authorization", "Bearer " + TestServer.ADMIN, "Connect-Protocol-Version", "2"));
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(json(version.body()).path("code").asText()).isEqualTo("invalid_argument");
        HttpResponse<String> timeout = connect(list, "application/json", body,
                Map.of("Authorization", "Bearer " + TestServer.ADMIN, "Connect-Timeout-Ms", "soon"));
        assertThat(timeout.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("Connect: Connect-Timeout-Ms shorter than the call is deadline_exceeded (504), in time")
    void connectDeadline() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = connect("zitadel.action.v2beta.ActionService/ListExecutions", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + TestServer.SLOW, "Connect-Timeout-Ms", "300"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(json(answer.body()).path("code").asText()).isEqualTo("deadline_exceeded");
        assertThat(millis).isLessThan(2500);
    }

    @Test
    @DisplayName("Connect: an oversize message is resource_exhausted (429) and writes nothing")
    void connectOversize() throws Exception {
        long before = executionCount();
        HttpResponse<String> answer = connect(SET, "application/proto", new byte[200 * 1024],
                Map.of("Authorization", "Bearer " + TestServer.ADMIN));
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(json(answer.body()).path("code").asText()).isEqualTo("resource_exhausted");
        assertThat(executionCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("Connect: a public-key RPC answers the contract's errors (an unknown target is 404 with an ErrorDetail)")
    void connectPublicKeyOfUnknownTarget() throws Exception {
        HttpResponse<String> answer = connect("zitadel.action.v2.ActionService/ActivatePublicKey", "application/json",
                "{\"targetId\": \"no-such-target\", \"keyId\": \"k\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + TestServer.ADMIN));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(json(answer.body()).path("code").asText()).isEqualTo("not_found");
        assertThat(json(answer.body()).path("details").path(0).path("debug").path("message").asText())
                .isEqualTo("Errors.Target.NotFound");
    }

    @Test
    @DisplayName("Connect: an error is application/json with code, message and a decodable zitadel.v1.ErrorDetail")
    void connectErrorShape() throws Exception {
        HttpResponse<String> answer = connect("zitadel.action.v2beta.ActionService/GetTarget", "application/json",
                "{\"id\": \"nope\"}".getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + TestServer.ADMIN));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(answer.body());
        assertThat(body.path("code").asText()).isEqualTo("not_found");
        assertThat(body.path("message").asText()).contains("nope");
        ErrorDetail detail = ErrorDetail.parseFrom(Base64.getDecoder().decode(
                padded(body.path("details").path(0).path("value").asText())));
        assertThat(detail.getMessage()).isEqualTo("Errors.Target.NotFound");
    }

    private static String padded(String b64) {
        return b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
        return thrown;
    }
}
