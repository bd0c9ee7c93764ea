package io.executions.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar execution-server.jar serve|replay|history|resolve|invoke|plan|diff|revert|lint ...}. */
@Command(name = "execution-server", mixinStandardHelpOptions = true, version = "executions 0.1.0",
        description = "Executions (ZITADEL Actions v2): the standalone server and audit tools.",
        subcommands = {ServeCommand.class, ReplayCommand.class, HistoryCommand.class, ResolveCommand.class, InvokeCommand.class,
                SafeChangeCommands.Plan.class, SafeChangeCommands.Diff.class, SafeChangeCommands.Revert.class,
                SafeChangeCommands.Lint.class, DeliveriesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // a standalone process may set these; a host embedding the library keeps its own logging settings
        quietDefault("disable-axoniq-console-message", "true");
        quietDefault("axoniq.update-checker.disabled", "true");
        quietDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        quietDefault("org.slf4j.simpleLogger.log.io.executions", "info");
        // Armeria logs a stack trace per client that breaks the protocol; the answer already says what was wrong
        quietDefault("org.slf4j.simpleLogger.log.com.linecorp.armeria", "warn");
        // the read models are rebuilt in memory at every start by design, so the warning is noise here
        quietDefault("org.slf4j.simpleLogger.log.org.axonframework.eventhandling.tokenstore.inmemory"
                + ".InMemoryTokenStore", "error");
        System.exit(run(args));
    }

    private static void quietDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the command line and returns the exit code (for tests; {@link #main} exits with it). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: serve, replay, history, resolve, invoke, plan, diff, revert or lint (see --help)");
    }
}
