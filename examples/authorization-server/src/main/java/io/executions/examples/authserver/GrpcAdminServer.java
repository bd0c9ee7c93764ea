package io.executions.examples.authserver;

import com.linecorp.armeria.server.Server;
import io.executions.api.ExecutionsHttpApi;
import io.executions.grpc.ExecutionsGrpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The executions admin API over gRPC, gRPC-Web and Connect ({@code zitadel.action.v2beta.ActionService},
 * {@code zitadel.action.v2.ActionService}, {@code executions.v1.ExecutionsService}) on its own loopback port,
 * served by Armeria (already on the class path for the target client) over the same application service as the
 * REST API; callers present this server's bearer tokens (see {@link ScopeCallerAuthenticator}).
 */
public final class GrpcAdminServer implements AutoCloseable {
    private final Server server;

    public GrpcAdminServer(ExecutionsHttpApi api, int port) {
        var builder = Server.builder().http(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ExecutionsGrpc.over(api.service()).mount(builder);
        this.server = builder.build();
        server.start().join();
    }

    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
