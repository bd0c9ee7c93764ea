package io.executions.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.executions.api.service.ActionService;

/**
 * A transport mounted on the standalone server's one port next to REST (e.g. gRPC, gRPC-Web and Connect).
 *
 * <p>{@link ExecutionServer#start} calls {@link #mount} once per module, after it has configured the port, the
 * limits and timeouts, the error handler and REST, and before it builds the server. A module adds its services
 * with routes more specific than REST's catch-all (for gRPC: {@code /package.Service/}), and calls only the
 * given {@link ActionService}, so rules 1 to 4 and the error model stay those of every other transport. A module
 * must not change the server-wide limits (request length, timeouts, connections); it may narrow them per route.
 * Blocking work (every {@link ActionService} call may touch the store) belongs on the blocking task executor.
 */
@FunctionalInterface
public interface TransportModule {
    void mount(ServerBuilder server, ActionService service);
}
