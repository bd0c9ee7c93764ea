package io.executions.reliability;

import io.executions.api.ExecutionsHttpApi;
import io.executions.server.ExecutionServer;
import io.executions.server.ServerConfig;
import io.executions.runtime.Executions;

import java.nio.charset.StandardCharsets;

/**
 * The standalone server's parts (config, engine, REST adapter, Armeria server) in the test's JVM, on a free
 * loopback port, so a test can count the engine's events while it talks HTTP to it.
 */
final class InProcessServer implements AutoCloseable {
    final Executions engine;
    final ExecutionServer server;
    final Http http;

    private InProcessServer(Executions engine, ExecutionServer server) {
        this.engine = engine;
        this.server = server;
        this.http = new Http(server.address().getPort());
    }

    static InProcessServer start(String configJson) {
        ServerConfig config = ServerConfig.parse(configJson.getBytes(StandardCharsets.UTF_8), "reliability config");
        Executions engine = config.engineBuilder().build();
        try {
            ExecutionsHttpApi api = new ExecutionsHttpApi(engine, config.authenticator(), config.features());
            return new InProcessServer(engine, ExecutionServer.start(config.socketAddress(), api, engine::isCaughtUp,
                    config.serverLimits(), java.util.List.of()));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            engine.close();
        }
    }
}
