package io.executions.server.cli;

import io.executions.server.ServerConfig;
import io.executions.projections.ReplayReport;
import io.executions.runtime.Executions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Rebuilds every read model from the store and compares with the live ones (docs/contract.md ("Audit")). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuilds all read models from the event store and compares them with the live ones.",
                "Exit code 0: equal; 1: differences (listed); 2: usage or config error."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--verify", required = true, description = "compare the replayed read models with the live ones")
    boolean verify;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file; default: the development store")
    Path config;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ServerConfig cfg = Engines.configOrReport(config);
        if (cfg == null) {
            return 2;
        }
        try (Executions engine = Engines.open(cfg)) {
            long total = engine.eventCount();
            err.println("replaying " + total + " events from " + cfg.storageDescription());
            ReplayReport report = engine.verifyReplay(new ProgressLine(err));
            if (report.equal()) {
                out.println("OK: replayed " + report.events() + " events in " + report.took().toMillis()
                        + " ms; every read model equals the live one");
                return 0;
            }
            out.println("DIFFERENT: replayed " + report.events() + " events; " + report.differences().size()
                    + " difference(s):");
            report.differences().forEach(d -> out.println("  - " + d));
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + Engines.explain(e, cfg));
            return 2;
        }
    }

    /** One line on stderr, rewritten in place at most every half second. */
    private static final class ProgressLine implements io.executions.projections.ReplayProgress {
        private final PrintStream err;
        private long lastPrint;

        ProgressLine(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void progress(long done, long total) {
            long now = System.nanoTime();
            boolean last = total >= 0 && done >= total;
            if (!last && now - lastPrint < 500_000_000L) {
                return;
            }
            lastPrint = now;
            String of = total >= 0 ? " of " + total + " (" + (total == 0 ? 100 : done * 100 / total) + "%)" : "";
            err.print("\rreplayed " + done + " events" + of + (last ? "\n" : ""));
            err.flush();
        }
    }
}
