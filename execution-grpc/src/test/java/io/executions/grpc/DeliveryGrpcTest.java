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
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.grpc.proto.executions.v1.DeliveryFilter;
import io.executions.grpc.proto.executions.v1.DeliveryStatus;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.executions.v1.PublishEventRequest;
import io.executions.grpc.proto.executions.v1.RetryDeliveryRequest;
import io.executions.grpc.proto.executions.v1.SearchDeliveriesRequest;
import io.executions.grpc.proto.executions.v1.SearchDeliveriesResponse;
import io.executions.runtime.DeliveryConfig;
import io.executions.runtime.Executions;
import io.executions.runtime.HttpDeliverySender;
import io.executions.runtime.StorageConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/** docs/delivery.md over gRPC (executions.v1.ExecutionsService): publish, search, retry, with the REST errors. */
class DeliveryGrpcTest {
    private HttpServer target;
    private final AtomicInteger status = new AtomicInteger(500);
    private Executions engine;
    private Server server;
    private ManagedChannel channel;
    private ExecutionsServiceGrpc.ExecutionsServiceBlockingStub admin;

    @BeforeEach
    void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
        target.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        target.start();
        engine = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of(), List.of("user.human.added"), List.of()))
                .delivery(DeliveryConfig.builder().maxAttempts(1).initialBackoff(Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(10)).pollInterval(Duration.ofMillis(20))
                        .sender(new HttpDeliverySender()).build())
                .build();
        InstanceId i1 = InstanceId.of("i1");
        engine.createTarget(new CreateTarget(i1, TargetId.of("T1"), "t1", TargetType.REST_WEBHOOK, false,
                "http://127.0.0.1:" + target.getAddress().getPort() + "/", Duration.ofSeconds(2), "u1"));
        engine.setExecution(new SetExecution(i1, Condition.event("user.human.added"), List.of(Entry.target("T1")),
                "u1"));
        Map<String, Caller> callers = Map.of(
                "admin", new Caller(i1, "admin", Set.copyOf(Permissions.ALL)),
                "reader", new Caller(i1, "reader", Set.of(Permissions.EXECUTION_READ)));
        CallerAuthenticator auth = header -> header != null && header.startsWith("Bearer ")
                ? Optional.ofNullable(callers.get(header.substring(7))) : Optional.empty();
        ActionService service = new ActionService(engine, auth, instance -> true);
        ServerBuilder builder = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
        ExecutionsGrpc.over(service, ExecutionsGrpc.DEFAULT_MAX_REQUEST_BYTES, ExecutionsGrpc.DEFAULT_MAX_RESPONSE_BYTES)
                .mount(builder);
        server = builder.build();
        server.start().join();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.activeLocalPort()).usePlaintext().build();
        admin = stub("admin");
    }

    private ExecutionsServiceGrpc.ExecutionsServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
        return ExecutionsServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.stop().join();
        engine.close();
        target.stop(0);
    }

    private SearchDeliveriesResponse search(DeliveryStatus wanted) {
        return admin.searchDeliveries(SearchDeliveriesRequest.newBuilder()
                .addFilters(DeliveryFilter.newBuilder().setStatus(wanted)).build());
    }

    @Test
    void publishSearchAndRetryAnswerAsRest() throws Exception {
        long stored = admin.publishEvent(PublishEventRequest.newBuilder().setEventType("user.human.added")
                .setPayload(Struct.newBuilder().putFields("id", Value.newBuilder().setStringValue("u9").build()))
                .build()).getDeliveries();
        assertThat(stored).isEqualTo(1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (search(DeliveryStatus.DEAD).getDeliveriesCount() == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        String id = search(DeliveryStatus.DEAD).getDeliveries(0).getId();
        assertThat(search(DeliveryStatus.DEAD).getPagination().getTotalResult()).isEqualTo(1);
        status.set(200);

        var retried = admin.retryDelivery(RetryDeliveryRequest.newBuilder().setId(id).build());

        assertThat(retried.getDelivery().getId()).isEqualTo(id);
        while (search(DeliveryStatus.SUCCEEDED).getDeliveriesCount() == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(search(DeliveryStatus.SUCCEEDED).getDeliveries(0).getAttempts()).isEqualTo(2);
        assertStatus(() -> admin.retryDelivery(RetryDeliveryRequest.newBuilder().setId(id).build()),
                Status.Code.FAILED_PRECONDITION);
        assertStatus(() -> admin.retryDelivery(RetryDeliveryRequest.newBuilder().setId("nope").build()),
                Status.Code.NOT_FOUND);
        assertStatus(() -> admin.publishEvent(PublishEventRequest.newBuilder().setEventType("no.such").build()),
                Status.Code.NOT_FOUND);
        assertStatus(() -> admin.publishEvent(PublishEventRequest.newBuilder().build()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stub("reader").publishEvent(PublishEventRequest.newBuilder().setEventType("user.human.added")
                .build()), Status.Code.PERMISSION_DENIED);
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(code);
    }
}
