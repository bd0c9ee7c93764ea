package io.executions.server.cli;

import io.executions.api.ExecutionsHttpApi;
import io.executions.server.ExecutionServer;
import io.executions.server.ServerLimits;
import io.executions.server.ServerMetrics;
import io.executions.server.TransportModule;
import io.executions.server.TransportModules;
import io.executions.server.ServerConfig;
import io.executions.api.delivery.TargetClientSender;
import io.executions.dispatch.SigningKeySource;
import io.executions.dispatch.DispatchMetrics;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.runtime.Executions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts the HTTP server and runs until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Starts the server: REST and the installed transports on one port (docs/contract.md).",
                "Without --config: H2 file store under ./data/executions, instance 'default' with actions "
                        + "enabled, a sample catalog, 127.0.0.1:8080, and a generated admin token printed at start."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (see docs/contract.md)")
    Path config;

    @Option(names = "--threads", description = "threads answering requests (they wait for the store); "
            + "overrides http.threads of the config file (default 16)")
    Integer threads;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ServerConfig cfg;
        String adminToken = null;
        try {
            if (config == null) {
                ServerConfig.Development dev = ServerConfig.development();
                cfg = dev.config();
                adminToken = dev.adminToken();
            } else {
                cfg = ServerConfig.load(config);
            }
        } catch (ServerConfig.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        cfg.notes().forEach(note -> System.err.println("note: " + note));
        ServerLimits limits = cfg.serverLimits();
        if (threads != null) {
            if (threads < 1) {
                System.err.println("error: --threads must be at least 1");
                return 2;
            }
            limits = limits.withBlockingThreads(threads);
        }
        // one pooled HTTP client for every call of a target (the dispatcher's and the delivery worker's), with
        // the config's deny list at call time
        TargetClient targets;
        try {
            targets = TargetClient.builder().denyList(cfg.denyList()).build();
        } catch (ServerConfig.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        // GET /metrics: the engine's, the worker's and the dispatcher's meters in one registry (null: disabled)
        ServerMetrics metrics = ServerMetrics.of(cfg);
        Executions engine;
        AtomicReference<Dispatcher> payloads = new AtomicReference<>();
        try {
            // the worker sends each delivery as its target's payload type wants (JSON, JWT, JWE), encoded by the
            // dispatcher, which needs the engine and so is built below
            engine = Engines.openServer(cfg, new TargetClientSender(targets, SigningKeySource.AS_STORED,
                    payloads::get), metrics == null ? null : metrics.registry());
        } catch (RuntimeException e) {
            targets.close();
            closeQuietly(metrics);
            System.err.println("error: cannot open the store: " + Engines.explain(e, cfg));
            return 1;
        }
        ExecutionServer server;
        try {
            ExecutionsHttpApi api = new ExecutionsHttpApi(engine, cfg.authenticator(), cfg.features());
            // JWT payloads are signed with the configured key, else one kept (sealed) in the store, so tokens verify
            // across restarts; restAsync targets take the durable path (docs/delivery.md)
            Dispatcher.Builder dispatcher = cfg.dispatcherBuilder(engine, targets);
            List<TransportModule> modules = new ArrayList<>(TransportModules.installed());
            if (metrics != null) {
                dispatcher.metrics(new DispatchMetrics(metrics.registry()));
                modules.add(metrics.endpoint());
            }
            Dispatcher built = dispatcher.build();
            payloads.set(built);
            api.service().withDispatcher(built);
            server = ExecutionServer.start(cfg.socketAddress(), api, engine::isCaughtUp, limits, modules);
        } catch (Exception e) {
            engine.close();
            targets.close();
            closeQuietly(metrics);
            System.err.println("error: " + Engines.explain(e, cfg));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            engine.close();
            targets.close();
            closeQuietly(metrics);
            stopped.countDown();
        }, "execution-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String address = "http://" + server.address().getHostString() + ":" + server.address().getPort();
        out.println("executions server listening on " + address + ", store: " + cfg.storageDescription());
        if (adminToken != null) {
            out.println("admin token (instance default, all permissions): " + adminToken);
            out.println("try: curl -H 'Authorization: Bearer " + adminToken + "' " + address
                    + "/v2beta/actions/executions/methods");
        }
        out.println("stop with Ctrl-C");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void closeQuietly(ServerMetrics metrics) {
        if (metrics != null) {
            metrics.close();
        }
    }
}
