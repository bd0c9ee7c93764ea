package io.executions.dispatch;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;
import com.google.rpc.ErrorInfo;
import io.executions.dispatch.grpc.ExecutionsServerInterceptor;
import io.executions.domain.api.Condition;
import io.executions.domain.api.InstanceId;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The interceptor end to end: a real grpc-java server and client over a socket, a real target server. */
class ExecutionsServerInterceptorTest {
    private static final String SERVICE = "test.v1.UserService";
    private static final MethodDescriptor<ErrorInfo, ErrorInfo> ADD_USER = MethodDescriptor.<ErrorInfo, ErrorInfo>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(SERVICE + "/AddUser")
            .setRequestMarshaller(ProtoUtils.marshaller(ErrorInfo.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ErrorInfo.getDefaultInstance()))
            .build();
    private static final Metadata.Key<String> INSTANCE = Metadata.Key.of("x-instance", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ErrorInfo> handled = new CopyOnWriteArrayList<>();
    private TestTargets targets;
    private Engine engine;
    private TargetClient client;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
        engine = new Engine();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client).build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(ADD_USER, ServerCalls.asyncUnaryCall((request, answer) -> {
                    handled.add(request);
                    answer.onNext(ErrorInfo.newBuilder().setReason("created:" + request.getReason()).build());
                    answer.onCompleted();
                }))
                .build();
        ExecutionsServerInterceptor interceptor = new ExecutionsServerInterceptor(dispatcher,
                headers -> headers.containsKey(INSTANCE) ? InstanceId.of(headers.get(INSTANCE)) : null,
                headers -> new ExecutionsServerInterceptor.Caller("org1", "", "user1"));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, interceptor)).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        client.close();
        engine.close();
        targets.close();
    }

    private ErrorInfo addUserAs(String reason) {
        Metadata headers = new Metadata();
        headers.put(INSTANCE, engine.instance.value());
        var stubChannel = io.grpc.ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers));
        return ClientCalls.blockingUnaryCall(stubChannel, ADD_USER, CallOptions.DEFAULT.withDeadlineAfter(20,
                TimeUnit.SECONDS), ErrorInfo.newBuilder().setReason(reason).setDomain("example.com").build());
    }

    @Test
    void the_handler_receives_the_request_as_a_call_target_rewrote_it() {
        targets.route("/rewrite", r -> TestTargets.Answer.of(200, "{\"reason\":\"rewritten\",\"domain\":\"example.org\"}"));
        engine.set(Condition.requestMethod("/" + SERVICE + "/AddUser"), Engine.call(targets.url("/rewrite"), true));

        ErrorInfo answer = addUserAs("original");

        assertThat(handled).containsExactly(ErrorInfo.newBuilder().setReason("rewritten").setDomain("example.org").build());
        assertThat(answer.getReason()).isEqualTo("created:rewritten");
        String sent = targets.received("/rewrite").get(0).bodyText();
        assertThat(sent).contains("\"fullMethod\":\"/" + SERVICE + "/AddUser\"")
                .contains("\"request\":{\"reason\":\"original\",\"domain\":\"example.com\"}")
                .contains("\"userID\":\"user1\"");
    }

    @Test
    void an_interrupted_call_fails_with_failed_precondition_and_the_error_detail() throws Exception {
        
        engine.set(Condition.requestService(SERVICE), Engine.webhook(targets.url("/fail"), true));

        assertThatThrownBy(() -> addUserAs("x"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    com.google.rpc.Status details = StatusProto.fromThrowable(e);
                    assertThat(details).isNotNull();
                    Any detail = details.getDetails(0);
                    assertThat(detail.getTypeUrl()).isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
                    assertThat(decodeErrorDetail(detail)).containsExactly("EXEC-dra6yamk98", "Errors.Execution.Failed");
                });
        assertThat(handled).isEmpty();
    }

    @Test
    void a_forwarded_403_fails_the_call_with_permission_denied_and_its_message() {
        targets.route("/forward", r -> TestTargets.Answer.of(200, "{\"forwardedStatusCode\":403,\"forwardedErrorMessage\":\"not you\"}"));
        engine.set(Condition.requestMethod("/" + SERVICE + "/AddUser"), Engine.call(targets.url("/forward"), true));

        assertThatThrownBy(() -> addUserAs("x"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("not you");
                });
        assertThat(handled).isEmpty();
    }

    @Test
    void a_call_targets_answer_that_is_not_the_request_type_is_a_failure() {
        targets.route("/wrong", r -> TestTargets.Answer.of(200, "{\"noSuchField\":1}"));
        engine.set(Condition.requestMethod("/" + SERVICE + "/AddUser"), Engine.call(targets.url("/wrong"), true));

        assertThatThrownBy(() -> addUserAs("x"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(handled).isEmpty();
    }

    @Test
    void a_response_target_rewrites_what_the_client_receives() {
        targets.route("/mask", r -> TestTargets.Answer.of(200, "{\"reason\":\"masked\"}"));
        engine.set(Condition.responseMethod("/" + SERVICE + "/AddUser"), Engine.call(targets.url("/mask"), true));

        ErrorInfo answer = addUserAs("ada");

        assertThat(answer).isEqualTo(ErrorInfo.newBuilder().setReason("masked").build());
        assertThat(targets.received("/mask").get(0).bodyText()).contains("\"response\":{\"reason\":\"created:ada\"}")
                .contains("\"request\":{\"reason\":\"ada\",\"domain\":\"example.com\"}");
    }

    @Test
    void a_call_with_no_execution_reaches_the_handler_untouched_and_calls_nothing() {
        ErrorInfo answer = addUserAs("ada");

        assertThat(handled).containsExactly(ErrorInfo.newBuilder().setReason("ada").setDomain("example.com").build());
        assertThat(answer.getReason()).isEqualTo("created:ada");
        assertThat(targets.received()).isEmpty();
    }

    private static List<String> decodeErrorDetail(Any detail) {
        try {
            return decode(detail);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> decode(Any detail) throws java.io.IOException {
        CodedInputStream in = detail.getValue().newCodedInput();
        String id = null;
        String message = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag >>> 3 == 1) {
                id = in.readString();
            } else if (tag >>> 3 == 2) {
                message = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return List.of(id, message);
    }
}
