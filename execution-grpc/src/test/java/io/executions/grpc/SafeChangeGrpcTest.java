package io.executions.grpc;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.grpc.proto.executions.v1.DiffRequest;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.executions.v1.LintRequest;
import io.executions.grpc.proto.executions.v1.PlanRequest;
import io.executions.grpc.proto.executions.v1.PlanResponse;
import io.executions.grpc.proto.executions.v1.RevertRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ExecutionTargetType;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** executions.v1 Plan, Diff, Revert and Lint over gRPC with grpc-java: the answers and errors of the REST routes. */
class SafeChangeGrpcTest {
    private static TestServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    private static ExecutionsServiceGrpc.ExecutionsServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
        return ExecutionsServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static io.executions.grpc.proto.zitadel.action.v2beta.Condition method(String m) {
        return ProtoForms.condition(Condition.requestMethod("/" + TestServer.SERVICE + "/" + m));
    }

    @Test
    void planDiffRevertAndLintAnswerAsTheRestRoutes() {
        InstanceId i1 = InstanceId.of("i1");
        server.engine.createTarget(new CreateTarget(i1, TargetId.of("G1"), "grpc-one", TargetType.REST_WEBHOOK, false,
                "https://example.com", Duration.ofSeconds(1), "u"));
        Condition m1 = Condition.requestMethod("/" + TestServer.SERVICE + "/M101");
        server.engine.setExecution(new SetExecution(i1, m1, List.of(Entry.target("G1")), "u"));
        Instant before = Instant.now();

        PlanResponse invalid = stub(TestServer.ADMIN).plan(PlanRequest.newBuilder().setCondition(method("M102"))
                .addTargets(ExecutionTargetType.newBuilder().setTarget("nope")).build());
        assertThat(invalid.getValid()).isFalse();
        assertThat(invalid.getViolationsList()).extracting(v -> v.getKey()).containsExactly("Errors.Target.NotFound");
        assertThat(invalid.getChange()).isEqualTo("NONE");

        PlanResponse plan = stub(TestServer.ADMIN).plan(PlanRequest.newBuilder().setCondition(method("M101"))
                .build());
        assertThat(plan.getValid()).isTrue();
        assertThat(plan.getChange()).isEqualTo("CLEARED");
        assertThat(plan.getAffectedList()).extracting(a -> a.getExecutionId())
                .containsExactly("request/" + TestServer.SERVICE + "/M101");
        assertThat(Long.parseLong(plan.getVersion())).isEqualTo(server.engine.instanceVersion(i1));

        PlanResponse readerPlan = stub(TestServer.READ_ONLY).plan(PlanRequest.newBuilder()
                .setCondition(method("M101")).build());
        assertThat(readerPlan.getViolations(0).getKey()).isEqualTo("Errors.Permission.Denied");
        assertThat(readerPlan.getViolations(0).getCode()).isEqualTo(7);

        server.engine.setExecution(new SetExecution(i1, m1, List.of(), "u"));
        assertThat(stub(TestServer.ADMIN).diff(DiffRequest.newBuilder().setFrom(ProtoForms.timestamp(before)).build())
                .getChangesList()).extracting(c -> c.getExecutionId())
                .contains("request/" + TestServer.SERVICE + "/M101");
        assertThat(stub(TestServer.ADMIN).revert(RevertRequest.newBuilder().setTo(ProtoForms.timestamp(before))
                .addConditions(method("M101")).build()).getChanges()).isEqualTo(1);
        assertThat(stub(TestServer.ADMIN).diff(DiffRequest.newBuilder().setFrom(ProtoForms.timestamp(before)).build())
                .getChangesList()).extracting(c -> c.getExecutionId())
                .doesNotContain("request/" + TestServer.SERVICE + "/M101");
        assertThat(stub(TestServer.ADMIN).lint(LintRequest.getDefaultInstance()).getFindingsList()).isNotNull();
    }

    private static io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc.ActionServiceBlockingStub v2beta(
            String ifMatch) {
        Metadata headers = new Metadata();
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + TestServer.ADMIN);
        if (ifMatch != null) {
            headers.put(CallerInterceptor.IF_MATCH, ifMatch);
        }
        return io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest set(String method, String target) {
        return io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest.newBuilder()
                .setCondition(method(method)).addTargets(ExecutionTargetType.newBuilder().setTarget(target)).build();
    }

    @Test
    void aPlanIsAppliedWithIfMatchMetadataAndAStaleVersionIsFailedPreconditionAndWritesNothing() throws Exception {
        InstanceId i1 = InstanceId.of("i1");
        server.engine.createTarget(new CreateTarget(i1, TargetId.of("G2"), "grpc-two", TargetType.REST_WEBHOOK, false,
                "https://example.com", Duration.ofSeconds(1), "u"));
        PlanResponse plan = stub(TestServer.ADMIN).plan(PlanRequest.newBuilder().setCondition(method("M103"))
                .addTargets(ExecutionTargetType.newBuilder().setTarget("G2")).build());
        assertThat(plan.getValid()).isTrue();

        v2beta("\"" + plan.getVersion() + "\"").setExecution(set("M103", "G2"));
        long after = server.engine.instanceVersion(i1);
        assertThat(after).isGreaterThan(Long.parseLong(plan.getVersion()));

        // the same plan again: the instance has moved on since
        StatusRuntimeException stale = catchThrowableOfType(StatusRuntimeException.class,
                () -> v2beta(plan.getVersion()).setExecution(set("M104", "G2")));
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(io.grpc.protobuf.StatusProto.fromThrowable(stale).getDetails(0)
                .unpack(io.executions.grpc.proto.zitadel.v1.ErrorDetail.class).getMessage())
                .isEqualTo("Errors.Execution.Changed");
        assertThat(server.engine.instanceVersion(i1)).as("nothing written").isEqualTo(after);

        // '*' and no header: as section 3
        v2beta("*").setExecution(set("M104", "G2"));
        v2beta(null).setExecution(set("M105", "G2"));
        assertThat(server.engine.instanceVersion(i1)).isEqualTo(after + 2);
    }

    @Test
    void aMissingFromOrAReaderRevertingAreTheContractsErrors() {
        StatusRuntimeException noFrom = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub(TestServer.ADMIN).diff(DiffRequest.getDefaultInstance()));
        assertThat(noFrom.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        StatusRuntimeException reader = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub(TestServer.READ_ONLY).revert(RevertRequest.newBuilder()
                        .setTo(ProtoForms.timestamp(Instant.now().minusSeconds(60))).build()));
        assertThat(reader.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
}
