package io.executions.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.executions.api.ExecutionsHttpApi;
import io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.Condition;
import io.executions.grpc.proto.zitadel.action.v2beta.CreateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ExecutionTargetType;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionFunctionsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.RESTAsync;
import io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest;
import io.executions.runtime.Executions;
import io.executions.server.ExecutionServer;
import io.executions.server.ServerConfig;
import io.executions.server.ServerLimits;
import io.executions.server.TransportModules;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The standalone server mounts the gRPC side (GrpcTransport, found through TransportModules like ServeCommand
 * finds it) on its one port next to REST: gRPC, gRPC-Web and Connect answer there, under the server's limits.
 * The transports' behaviour itself is tested in execution-grpc (TransportConformanceTest and others).
 */
class GrpcOnServerTest {
    private static final String TOKEN = "admin-i1";
    private static Executions engine;
    private static ExecutionServer server;
    private static ManagedChannel channel;
    private static ActionServiceGrpc.ActionServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        String config = "{\"listen\": \"127.0.0.1:0\", \"storage\": {\"type\": \"memory\"},"
                + " \"instances\": [{\"id\": \"i1\", \"features\": {\"actions\": true}}],"
                + " \"tokens\": [{\"token\": \"" + TOKEN + "\", \"instance\": \"i1\", \"user\": \"u1\", \"permissions\":"
                + " [\"action.execution.write\", \"action.execution.read\", \"action.target.write\","
                + " \"action.target.read\", \"action.target.delete\"]}],"
                + " \"catalog\": {\"services\": {\"test.v1.Svc\": [\"M1\"]}, \"events\": [], \"functions\": [\"preuserinfo\"]}}";
        ServerConfig cfg = ServerConfig.parse(config.getBytes(StandardCharsets.UTF_8), "test config");
        engine = cfg.engineBuilder().build();
        ExecutionsHttpApi api = new ExecutionsHttpApi(engine, cfg.authenticator(), cfg.features());
        server = ExecutionServer.start(new InetSocketAddress("127.0.0.1", 0), api, engine::isCaughtUp,
                ServerLimits.DEFAULTS, TransportModules.installed());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.address().getPort()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
        stub = ActionServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
        engine.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.address().getPort();
    }

    @Test
    @DisplayName("gRPC on the server's port: create a target, set an execution, list it")
    void grpcOnTheServersPort() {
        String id = stub.createTarget(CreateTargetRequest.newBuilder().setName("t1")
                .setRestAsync(RESTAsync.getDefaultInstance()).setEndpoint("https://example.com/t1")
                .setTimeout(Duration.newBuilder().setSeconds(5)).build()).getId();
        Condition condition = Condition.newBuilder().setRequest(RequestExecution.newBuilder()
                .setMethod("/test.v1.Svc/M1")).build();
        stub.setExecution(SetExecutionRequest.newBuilder().setCondition(condition)
                .addTargets(ExecutionTargetType.newBuilder().setTarget(id)).build());
        var listed = stub.listExecutions(ListExecutionsRequest.getDefaultInstance());
        assertThat(listed.getExecutionsList()).hasSize(1);
        assertThat(listed.getExecutions(0).getTargets(0).getTarget()).isEqualTo(id);
    }

    @Test
    @DisplayName("gRPC-Web (HTTP/1.1) and REST share the port")
    void grpcWebAndRestShareThePort() throws Exception {
        var web = GrpcClients.builder("h1c://127.0.0.1:" + server.address().getPort())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .addHeader("authorization", "Bearer " + TOKEN)
                .build(ActionServiceGrpc.ActionServiceBlockingStub.class);
        assertThat(web.listExecutionFunctions(ListExecutionFunctionsRequest.getDefaultInstance()).getFunctionsList())
                .containsExactly("preuserinfo");
        HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/v2beta/actions/executions/functions"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(rest.body()).contains("preuserinfo");
    }

    @Test
    @DisplayName("Connect on the server's port answers Connect's error JSON")
    void connectOnTheServersPort() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/zitadel.action.v2beta.ActionService/GetTarget"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"nope\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("\"code\":\"not_found\"").contains("Errors.Target.NotFound");
    }

    @Test
    @DisplayName("a gRPC message over 1 MiB is RESOURCE_EXHAUSTED under the server's limits")
    void oversizeIsResourceExhausted() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                stub.listExecutions(ListExecutionsRequest.newBuilder().setPagination(
                        io.executions.grpc.proto.zitadel.filter.v2beta.PaginationRequest.newBuilder().build())
                        .setAt(com.google.protobuf.Timestamp.newBuilder().build())
                        .build().toBuilder().mergeFrom(padding(1_100_000)).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    @DisplayName("a gRPC-Web text message just over 1 MiB is RESOURCE_EXHAUSTED, not the HTTP layer's 413 (base64 is 4/3 larger)")
    void grpcWebTextOversizeIsResourceExhausted() {
        var webText = GrpcClients.builder("h1c://127.0.0.1:" + server.address().getPort())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB_TEXT)
                .addHeader("authorization", "Bearer " + TOKEN)
                .maxRequestMessageLength(16 * 1024 * 1024)
                .build(ActionServiceGrpc.ActionServiceBlockingStub.class);
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                webText.listExecutions(ListExecutionsRequest.newBuilder().mergeFrom(padding(1_100_000)).build()));
        assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    /** An unknown field (number 9999) of the given size: a valid message that is too large. */
    private static ByteString padding(int size) {
        return ListExecutionsRequest.newBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(9999, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(new byte[size])).build()).build()).build().toByteString();
    }
}
