package io.executions.grpc;

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
import io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.ListTargetsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.executions.projections.LockOutGuard;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The server's own ActionService goes through the executions interceptor (docs/dispatch.md) with the lock-out
 * guard (docs/contract.md "Resolution"): a failing target bound to every request can never make the admin API unusable.
 */
class AdminLockOutGuardTest {
    private static final InstanceId I1 = InstanceId.of("i1");

    /** One admin gRPC server over an engine with the given guard, a failing interrupting target on {@code request}. */
    private static final class Admin implements AutoCloseable {
        final AtomicInteger calls = new AtomicInteger();
        final HttpServer hook;
        final Executions engine;
        final TargetClient client;
        final Server server;
        final ManagedChannel channel;

        Admin(boolean optIn) throws Exception {
            hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
            hook.createContext("/", exchange -> {
                calls.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            hook.start();
            engine = Executions.builder().storage(StorageConfig.memory())
                    .catalog(new StaticCatalog(Map.of(), List.of(), List.of()))
                    .lockOutGuard(LockOutGuard.of(List.of("zitadel.action.v2beta.ActionService",
                            "zitadel.action.v2.ActionService"), optIn))
                    .build();
            engine.createTarget(new CreateTarget(I1, TargetId.of("T1"), "broken", TargetType.REST_WEBHOOK, true,
                    "http://127.0.0.1:" + hook.getAddress().getPort() + "/", Duration.ofSeconds(2), "u1"));
            engine.setExecution(new SetExecution(I1, Condition.requestAll(), List.of(Entry.target("T1")), "u1"));
            Caller admin = new Caller(I1, "admin", Set.copyOf(Permissions.ALL));
            CallerAuthenticator auth = header -> "Bearer admin".equals(header) ? Optional.of(admin) : Optional.empty();
            client = TargetClient.builder().denyList(DenyList.none()).build();
            ActionService service = new ActionService(engine, auth, instance -> true)
                    .withDispatcher(Dispatcher.builder().queries(engine.queries()).client(client).build());
            ServerBuilder builder = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
            ExecutionsGrpc.over(service).mount(builder);
            server = builder.build();
            server.start().join();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.activeLocalPort()).usePlaintext().build();
        }

        ActionServiceGrpc.ActionServiceBlockingStub stub() {
            Metadata headers = new Metadata();
            headers.put(CallerInterceptor.AUTHORIZATION, "Bearer admin");
            return ActionServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        @Override
        public void close() {
            channel.shutdownNow();
            server.stop().join();
            client.close();
            engine.close();
            hook.stop(0);
        }
    }

    private static SetExecutionRequest clearRequestAll() {
        return SetExecutionRequest.newBuilder()
                .setCondition(io.executions.grpc.proto.zitadel.action.v2beta.Condition.newBuilder()
                        .setRequest(RequestExecution.newBuilder().setAll(true))).build();
    }

    @Test
    void by_default_no_execution_runs_on_the_admin_api_so_a_failing_target_on_every_request_blocks_nothing()
            throws Exception {
        try (Admin admin = new Admin(false)) {
            assertThat(admin.stub().listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsCount()).isEqualTo(1);
            assertThat(admin.stub().setExecution(clearRequestAll()).hasSetDate()).isTrue();
            assertThat(admin.calls.get()).as("the guarded admin API called no target").isZero();
        }
    }

    @Test
    void opted_in_the_admin_api_runs_its_executions_but_set_execution_always_gets_through() throws Exception {
        try (Admin admin = new Admin(true)) {
            StatusRuntimeException blocked = catchThrowableOfType(StatusRuntimeException.class,
                    () -> admin.stub().listTargets(ListTargetsRequest.getDefaultInstance()));
            assertThat(blocked.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(StatusProto.fromThrowable(blocked).getDetails(0).unpack(ErrorDetail.class).getMessage())
                    .isEqualTo("Errors.Execution.Failed");
            assertThat(admin.calls.get()).as("the interceptor ran the target").isEqualTo(1);

            // the way out: SetExecution never runs executions, so the admin clears the execution that blocks
            assertThat(admin.stub().setExecution(clearRequestAll()).hasSetDate()).isTrue();

            assertThat(admin.stub().listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsCount()).isEqualTo(1);
            assertThat(admin.calls.get()).isEqualTo(1);
        }
    }
}
