package io.executions.grpc;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.executions.api.ApiRequest;
import io.executions.api.ApiResponse;
import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.service.ActionService;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.projections.ReadModels;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Armeria server on a random loopback port serving REST (the contract's JSON facade) and the gRPC side
 * ({@link ExecutionsGrpc}: gRPC, gRPC-Web, Connect) over one engine in memory, as the standalone server mounts
 * them. Tests reach it over sockets only.
 *
 * <p>Instances: {@code i1} (actions on; tokens {@link #ADMIN}, {@link #NOBODY} without permissions), {@code i3}
 * (actions off; {@link #NO_ACTIONS}) and spare instances {@code x0..x15} with {@code admin-x<n>} tokens, so each
 * transport of a suite can run the same scenario in an instance of its own.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "admin-i1";
    static final String NOBODY = "nobody-i1";
    static final String NO_ACTIONS = "admin-i3";
    static final String READ_ONLY = "reader-i1";
    static final String SERVICE = "test.v1.Svc";
    static final int SPARE_INSTANCES = 16;
    /** A token of instance i1 with every permission whose check takes {@link #SLOW_MILLIS}. */
    static final String SLOW = "slow-i1";
    static final long SLOW_MILLIS = 3000;

    final Executions engine;
    final ActionService service;
    final Server server;

    private TestServer(int maxRequestBytes, Duration requestTimeout) {
        Map<String, List<String>> services = new LinkedHashMap<>();
        List<String> methods = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            methods.add("M" + i);
        }
        services.put(SERVICE, methods);
        services.put("zitadel.session.v2.SessionService", List.of("ListSessions", "GetSession"));
        this.engine = Executions.builder()
                .storage(StorageConfig.memory())
                .catalog(new StaticCatalog(services, List.of("user.human.added", "user.human.changed", "session.added"),
                        List.of("preuserinfo", "preaccesstoken")))
                .readSide(ReadModels::new)
                .build();
        Map<String, Caller> callers = new HashMap<>();
        Set<String> all = Set.copyOf(Permissions.ALL);
        callers.put(ADMIN, new Caller(InstanceId.of("i1"), "user-admin", all));
        callers.put(NOBODY, new Caller(InstanceId.of("i1"), "user-nobody", Set.of()));
        callers.put(READ_ONLY, new Caller(InstanceId.of("i1"), "user-reader",
                Set.of(Permissions.EXECUTION_READ, Permissions.TARGET_READ)));
        callers.put(NO_ACTIONS, new Caller(InstanceId.of("i3"), "user-i3", all));
        for (int i = 0; i < SPARE_INSTANCES; i++) {
            callers.put(spare(i), new Caller(InstanceId.of("x" + i), "user-admin", all));
        }
        CallerAuthenticator authenticator = header -> {
            if (("Bearer " + SLOW).equals(header)) {
                sleep(SLOW_MILLIS); // a host whose token check is slow: for deadline tests
                return Optional.of(callers.get(ADMIN));
            }
            return header != null && header.startsWith("Bearer ")
                    ? Optional.ofNullable(callers.get(header.substring("Bearer ".length()))) : Optional.empty();
        };
        InstanceFeatures features = instance -> !instance.value().equals("i3");
        this.service = new ActionService(engine, authenticator, features);
        ExecutionsHttpApi rest = new ExecutionsHttpApi(engine, authenticator, features);
        HttpService restService = (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(request -> {
            ApiResponse answer = rest.handle(new ApiRequest(request.method().name(), request.path(),
                    request.headers().get("authorization"), request.content().array()));
            return HttpResponse.of(HttpStatus.valueOf(answer.status()), MediaType.JSON_UTF_8, answer.body());
        }, ctx.blockingTaskExecutor()));
        ServerBuilder builder = Server.builder()
                .http(new java.net.InetSocketAddress("127.0.0.1", 0))
                .requestTimeout(requestTimeout)
                .maxRequestLength(4L << 20)
                .serviceUnder("/v2beta/", restService);
        ExecutionsGrpc.over(service, maxRequestBytes, ExecutionsGrpc.DEFAULT_MAX_RESPONSE_BYTES).mount(builder);
        this.server = builder.build();
        server.start().join();
    }

    static TestServer start() {
        return new TestServer(ExecutionsGrpc.DEFAULT_MAX_REQUEST_BYTES, Duration.ofSeconds(30));
    }

    static TestServer start(int maxRequestBytes, Duration requestTimeout) {
        return new TestServer(maxRequestBytes, requestTimeout);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String spare(int instance) {
        return "admin-x" + instance;
    }

    int port() {
        return server.activeLocalPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop().join();
        engine.close();
    }
}
