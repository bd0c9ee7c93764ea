package io.executions.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.executions.api.service.ActionService;
import io.executions.grpc.ExecutionsGrpc;

/**
 * gRPC, gRPC-Web and Connect (module execution-grpc, docs/transports.md) on the standalone server's port, through
 * the {@link TransportModule} hook; registered in {@code META-INF/services/io.executions.server.TransportModule}.
 */
public final class GrpcTransport implements TransportModule {
    @Override
    public void mount(ServerBuilder server, ActionService service) {
        ExecutionsGrpc.over(service).mount(server);
    }
}
