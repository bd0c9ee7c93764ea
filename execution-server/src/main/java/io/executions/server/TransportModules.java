package io.executions.server;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The transports the standalone server mounts besides REST: every {@link TransportModule} on the class path
 * registered in {@code META-INF/services/io.executions.server.TransportModule} (the server jar's shade plugin
 * merges these files), so adding a transport module to the server's dependencies is all it takes.
 */
public final class TransportModules {
    private TransportModules() {
    }

    public static List<TransportModule> installed() {
        List<TransportModule> modules = new ArrayList<>();
        ServiceLoader.load(TransportModule.class).forEach(modules::add);
        return modules;
    }
}
