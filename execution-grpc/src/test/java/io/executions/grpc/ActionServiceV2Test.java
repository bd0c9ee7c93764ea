package io.executions.grpc;

import com.google.protobuf.Duration;
import io.executions.grpc.proto.zitadel.action.v2.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2.Condition;
import io.executions.grpc.proto.zitadel.action.v2.CreateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2.Execution;
import io.executions.grpc.proto.zitadel.action.v2.ExecutionSearchFilter;
import io.executions.grpc.proto.zitadel.action.v2.GetTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2.InConditionsFilter;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionsRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListTargetsRequest;
import io.executions.grpc.proto.zitadel.action.v2.PayloadType;
import io.executions.grpc.proto.zitadel.action.v2.RESTWebhook;
import io.executions.grpc.proto.zitadel.action.v2.RequestExecution;
import io.executions.grpc.proto.zitadel.action.v2.SetExecutionRequest;
import io.executions.grpc.proto.zitadel.action.v2.Target;
import io.executions.grpc.proto.zitadel.action.v2.UpdateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ExecutionTargetType;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code zitadel.action.v2.ActionService} over gRPC: ZITADEL's current shape on the same executions as v2beta. */
class ActionServiceV2Test {
    private static TestServer server;
    private static ManagedChannel channel;
    private static ActionServiceGrpc.ActionServiceBlockingStub v2;
    private static io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc.ActionServiceBlockingStub v2beta;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + TestServer.ADMIN);
        v2 = ActionServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        v2beta = io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    private static String create(String name, PayloadType payload) {
        return v2.createTarget(CreateTargetRequest.newBuilder().setName(name)
                .setRestWebhook(RESTWebhook.newBuilder().setInterruptOnError(true))
                .setEndpoint("https://example.com/" + name).setTimeout(Duration.newBuilder().setSeconds(5))
                .setPayloadType(payload).build()).getId();
    }

    private static Condition method(String name) {
        return Condition.newBuilder().setRequest(RequestExecution.newBuilder()
                .setMethod("/" + TestServer.SERVICE + "/" + name)).build();
    }

    private static io.executions.grpc.proto.zitadel.action.v2beta.Condition betaMethod(String name) {
        return io.executions.grpc.proto.zitadel.action.v2beta.Condition.newBuilder().setRequest(
                io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution.newBuilder()
                        .setMethod("/" + TestServer.SERVICE + "/" + name)).build();
    }

    private static Execution listOne(Condition condition) {
        List<Execution> executions = v2.listExecutions(ListExecutionsRequest.newBuilder()
                .addFilters(ExecutionSearchFilter.newBuilder().setInConditionsFilter(
                        InConditionsFilter.newBuilder().addConditions(condition))).build()).getExecutionsList();
        assertThat(executions).hasSize(1);
        return executions.get(0);
    }

    @Test
    @DisplayName("v2 lists an execution that holds includes (set through v2beta) with its own target ids only, in order")
    void v2ListsOwnTargetsOnly() {
        String t1 = create("v2-own-1", PayloadType.PAYLOAD_TYPE_UNSPECIFIED);
        String t2 = create("v2-own-2", PayloadType.PAYLOAD_TYPE_UNSPECIFIED);
        var service = io.executions.grpc.proto.zitadel.action.v2beta.Condition.newBuilder().setRequest(
                io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution.newBuilder()
                        .setService(TestServer.SERVICE)).build();
        v2beta.setExecution(io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest.newBuilder()
                .setCondition(service).addTargets(ExecutionTargetType.newBuilder().setTarget(t1)).build());
        v2beta.setExecution(io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest.newBuilder()
                .setCondition(betaMethod("M10"))
                .addTargets(ExecutionTargetType.newBuilder().setTarget(t2))
                .addTargets(ExecutionTargetType.newBuilder().setInclude(service))
                .addTargets(ExecutionTargetType.newBuilder().setTarget(t1)).build());

        assertThat(listOne(method("M10")).getTargetsList()).containsExactly(t2, t1);
    }

    @Test
    @DisplayName("v2 sets an execution from target ids, which v2beta lists as target entries in the same order")
    void v2SetsTargetIds() {
        String t1 = create("v2-set-1", PayloadType.PAYLOAD_TYPE_UNSPECIFIED);
        String t2 = create("v2-set-2", PayloadType.PAYLOAD_TYPE_UNSPECIFIED);
        v2.setExecution(SetExecutionRequest.newBuilder().setCondition(method("M11")).addTargets(t2).addTargets(t1).build());

        var listed = v2beta.listExecutions(io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsRequest.newBuilder()
                .addFilters(io.executions.grpc.proto.zitadel.action.v2beta.ExecutionSearchFilter.newBuilder()
                        .setInConditionsFilter(io.executions.grpc.proto.zitadel.action.v2beta.InConditionsFilter
                                .newBuilder().addConditions(betaMethod("M11")))).build()).getExecutions(0);
        assertThat(listed.getTargetsList()).containsExactly(ExecutionTargetType.newBuilder().setTarget(t2).build(),
                ExecutionTargetType.newBuilder().setTarget(t1).build());
        assertThat(listOne(method("M11")).getTargetsList()).containsExactly(t2, t1);
    }

    @Test
    @DisplayName("v2 stores payload_type on create and lists it on get and list")
    void payloadTypeIsStoredAndListed() {
        String id = create("v2-payload", PayloadType.PAYLOAD_TYPE_JWT);
        Target target = v2.getTarget(GetTargetRequest.newBuilder().setId(id).build()).getTarget();
        assertThat(target.getName()).isEqualTo("v2-payload");
        assertThat(target.getRestWebhook().getInterruptOnError()).isTrue();
        assertThat(target.getPayloadType()).isEqualTo(PayloadType.PAYLOAD_TYPE_JWT);
        assertThat(v2.listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsList())
                .filteredOn(t -> t.getId().equals(id)).singleElement()
                .extracting(Target::getPayloadType).isEqualTo(PayloadType.PAYLOAD_TYPE_JWT);
    }

    @Test
    @DisplayName("v2 update with payload_type UNSPECIFIED keeps the type; JSON is listed as UNSPECIFIED, as REST leaves it out")
    void payloadTypeUpdate() {
        String id = create("v2-payload-update", PayloadType.PAYLOAD_TYPE_JWT);
        v2.updateTarget(UpdateTargetRequest.newBuilder().setId(id).setName("v2-payload-renamed").build());
        assertThat(v2.getTarget(GetTargetRequest.newBuilder().setId(id).build()).getTarget().getPayloadType())
                .isEqualTo(PayloadType.PAYLOAD_TYPE_JWT);
        v2.updateTarget(UpdateTargetRequest.newBuilder().setId(id).setPayloadType(PayloadType.PAYLOAD_TYPE_JSON).build());
        assertThat(v2.getTarget(GetTargetRequest.newBuilder().setId(id).build()).getTarget().getPayloadType())
                .isEqualTo(PayloadType.PAYLOAD_TYPE_UNSPECIFIED);
    }

    @Test
    @DisplayName("v2 refuses a payload_type number the enum does not know with INVALID_ARGUMENT and creates nothing")
    void unknownPayloadTypeIsRefused() {
        int before = v2.listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsCount();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> v2.createTarget(
                CreateTargetRequest.newBuilder().setName("v2-payload-bad")
                        .setRestWebhook(RESTWebhook.newBuilder()).setEndpoint("https://example.com/bad")
                        .setTimeout(Duration.newBuilder().setSeconds(5)).setPayloadTypeValue(42).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(v2.listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("v2 answers the contract's errors with their ErrorDetail (rule 8: an unknown target)")
    void v2RuleError() throws Exception {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> v2.setExecution(
                SetExecutionRequest.newBuilder().setCondition(method("M12")).addTargets("nope").build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        ErrorDetail detail = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorDetail.class);
        assertThat(detail.getMessage()).isEqualTo("Errors.Target.NotFound");
    }
}
