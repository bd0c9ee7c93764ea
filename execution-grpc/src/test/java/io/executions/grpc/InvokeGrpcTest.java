package io.executions.grpc;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.sun.net.httpserver.HttpServer;
import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.Permissions;
import io.executions.api.service.ActionService;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.executions.v1.InvokeRequest;
import io.executions.grpc.proto.executions.v1.InvokeResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.FunctionExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** docs/dispatch.md's {@code _invoke} over gRPC ({@code executions.v1.ExecutionsService/Invoke}), on a real socket. */
class InvokeGrpcTest {
    private static final String METHOD = "/zitadel.session.v2.SessionService/ListSessions";
    private static HttpServer target;
    private static Executions engine;
    private static TargetClient client;
    private static Server server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
        target.createContext("/rewrite", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"name\":\"grace\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        target.start();
        String base = "http://127.0.0.1:" + target.getAddress().getPort();
        engine = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of("zitadel.session.v2.SessionService", List.of("ListSessions")),
                        List.of(), List.of("preuserinfo")))
                .build();
        InstanceId i1 = InstanceId.of("i1");
        engine.createTarget(new CreateTarget(i1, TargetId.of("T1"), "rewrite", TargetType.REST_CALL, false,
                base + "/rewrite", Duration.ofSeconds(2), "u1"));
        engine.createTarget(new CreateTarget(i1, TargetId.of("T2"), "fail", TargetType.REST_WEBHOOK, true,
                base + "/fail", Duration.ofSeconds(2), "u1"));
        engine.setExecution(new SetExecution(i1, Condition.requestMethod(METHOD),
                List.of(Entry.target("T1"), Entry.target("T2")), "u1"));
        Map<String, Caller> callers = Map.of(
                "admin", new Caller(i1, "admin", Set.copyOf(Permissions.ALL)),
                "reader", new Caller(i1, "reader", Set.of(Permissions.EXECUTION_READ)));
        CallerAuthenticator auth = header -> header != null && header.startsWith("Bearer ")
                ? Optional.ofNullable(callers.get(header.substring(7))) : Optional.empty();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        ActionService service = new ActionService(engine, auth, instance -> true)
                .withDispatcher(Dispatcher.builder().queries(engine.queries()).client(client).build());
        ServerBuilder builder = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
        ExecutionsGrpc.over(service).mount(builder);
        server = builder.build();
        server.start().join();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.activeLocalPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.stop().join();
        client.close();
        engine.close();
        target.stop(0);
    }

    private static ExecutionsServiceGrpc.ExecutionsServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
        return ExecutionsServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Test
    void invoke_runs_the_chain_and_answers_each_calls_outcome_as_rest_does() {
        InvokeResponse answer = stub("admin").invoke(InvokeRequest.newBuilder()
                .setRequest(RequestExecution.newBuilder().setMethod(METHOD))
                .setPayload(Struct.newBuilder().putFields("name", Value.newBuilder().setStringValue("ada").build()))
                .build());

        assertThat(answer.getExecutionId()).isEqualTo("request" + METHOD);
        assertThat(answer.getInterrupted()).isTrue();
        assertThat(answer.getPayload().getStructValue().getFieldsOrThrow("name").getStringValue()).isEqualTo("grace");
        assertThat(answer.getCallsList()).hasSize(2);
        assertThat(answer.getCalls(0).getTargetId()).isEqualTo("T1");
        assertThat(answer.getCalls(0).getType()).isEqualTo("restCall");
        assertThat(answer.getCalls(0).getOutcome()).isEqualTo("OK");
        assertThat(answer.getCalls(0).getHttpStatus()).isEqualTo(200);
        assertThat(answer.getCalls(1).getOutcome()).isEqualTo("FAILED");
        assertThat(answer.getCalls(1).getHttpStatus()).isEqualTo(500);
        assertThat(answer.getCalls(1).getError()).isNotEmpty();
    }

    @Test
    void invoke_of_a_call_that_matches_nothing_answers_no_calls() {
        InvokeResponse answer = stub("admin").invoke(InvokeRequest.newBuilder()
                .setFunction(FunctionExecution.newBuilder().setName("preuserinfo")).build());

        assertThat(answer.getExecutionId()).isEmpty();
        assertThat(answer.getCallsList()).isEmpty();
        assertThat(answer.getInterrupted()).isFalse();
    }

    @Test
    void invoke_needs_the_write_permission_and_a_well_formed_call() {
        StatusRuntimeException denied = catchThrowableOfType(StatusRuntimeException.class, () -> stub("reader")
                .invoke(InvokeRequest.newBuilder().setRequest(RequestExecution.newBuilder().setMethod(METHOD)).build()));
        StatusRuntimeException none = catchThrowableOfType(StatusRuntimeException.class, () -> stub("admin")
                .invoke(InvokeRequest.newBuilder().build()));
        StatusRuntimeException notAMethod = catchThrowableOfType(StatusRuntimeException.class, () -> stub("admin")
                .invoke(InvokeRequest.newBuilder().setRequest(RequestExecution.newBuilder().setService("a.b.S"))
                        .build()));

        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(notAMethod.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void invoke_over_connect_json_answers_the_rest_shape() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.activeLocalPort() + "/executions.v1.ExecutionsService/Invoke"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer admin")
                .POST(HttpRequest.BodyPublishers.ofString("{\"request\":{\"method\":\"" + METHOD
                        + "\"},\"payload\":{\"name\":\"ada\"}}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"payload\":{\"name\":\"grace\"}").contains("\"httpStatus\":500")
                .contains("\"interrupted\":true");
    }
}
