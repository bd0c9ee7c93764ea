package io.executions.server.cli;

import io.executions.server.ServerConfig;
import io.executions.runtime.Executions;
import io.executions.runtime.DeliverySender;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;

/** Opening the engine from a config, and turning start-up failures into advice. */
final class Engines {
    private Engines() {
    }

    static ServerConfig config(Path file) {
        return file == null ? ServerConfig.development().config() : ServerConfig.load(file);
    }

    /** The config of an audit command, or null after telling the person what is wrong with it. */
    static ServerConfig configOrReport(Path file) {
        try {
            return config(file);
        } catch (ServerConfig.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return null;
        }
    }

    static Executions open(ServerConfig config) {
        return awaitCaughtUp(config.engineBuilder().build());
    }

    /**
     * The standalone server's engine: as {@link #open}, with durable delivery whose worker calls targets through
     * {@code sender} (the host closes the sender's client after the engine), recording into {@code meters}
     * (null: none).
     */
    static Executions openServer(ServerConfig config, DeliverySender sender,
                                 io.micrometer.core.instrument.MeterRegistry meters) {
        return awaitCaughtUp(config.serverEngineBuilder(sender).meterRegistry(meters).build());
    }

    static Executions awaitCaughtUp(Executions engine) {
        if (!engine.awaitCaughtUp(Duration.ofMinutes(10))) {
            engine.close();
            throw new IllegalStateException("the read models did not catch up with the store within 10 minutes");
        }
        return engine;
    }

    /** What went wrong and what to do next, in one or two sentences. */
    static String explain(Throwable e, ServerConfig config) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerConfig.ConfigException) {
                return t.getMessage();
            }
            if (t instanceof BindException && config != null) {
                return "cannot listen on " + config.listen() + ": " + t.getMessage()
                        + ". Another process (perhaps another server) uses that port: stop it, or choose another "
                        + "port with \"listen\" in a config file (serve --config FILE).";
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("Database may be already in use") || message.contains("locked by another process")
                    || message.contains("The file is locked")) {
                return "the store " + (config == null ? "" : config.storageDescription() + " ")
                        + "is in use by another process, most likely a running server. Stop that server first "
                        + "(Ctrl-C or SIGTERM), then run this command again.";
            }
            if (message.contains("Connection refused") || message.contains("Connection to")) {
                return "cannot reach the database " + (config == null ? "" : config.storageDescription())
                        + ": " + message + ". Check that it runs and that storage.url, user and password are right.";
            }
            if (message.contains("password authentication failed")) {
                return "the database refused the login: " + message + ". Check storage.user and storage.password.";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (cause: " + root + ")" : "");
    }
}
