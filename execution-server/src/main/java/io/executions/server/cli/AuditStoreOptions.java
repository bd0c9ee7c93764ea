package io.executions.server.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options shared by the audit commands: which store, and which instance in it. */
final class AuditStoreOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file; default: the development store")
    Path config;

    @Option(names = "--instance", paramLabel = "ID", description = "the instance (default: the only one configured, "
            + "else 'default')")
    String instance;
}
