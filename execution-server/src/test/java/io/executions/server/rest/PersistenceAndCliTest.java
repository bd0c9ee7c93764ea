package io.executions.server.rest;

import io.executions.server.rest.RunningServer.Answer;
import io.executions.server.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** A temp H2 file store across a restart, and the command line on that store. */
class PersistenceAndCliTest {
    @TempDir
    Path dir;

    @Test
    void everythingAcknowledgedSurvivesARestartOnAnH2FileStore() {
        Path store = dir.resolve("executions");
        String target;
        String method = freshMethod();
        Answer listedBefore;
        Answer resolvedBefore;
        Answer historyBefore;
        try (RunningServer first = RunningServer.onH2(store)) {
            target = first.createTarget(ADMIN, "persistent");
            assertThat(first.setExecution(ADMIN, requestMethod(method), "[" + quote(target) + "]").status())
                    .isEqualTo(200);
            listedBefore = first.list(ADMIN);
            resolvedBefore = resolve(first, method);
            historyBefore = first.history(ADMIN, requestMethod(method));
        }
        try (RunningServer second = RunningServer.onH2(store)) {
            assertThat(second.send("GET", "/v2beta/actions/targets/" + target, ADMIN, null).status()).isEqualTo(200);
            assertThat(second.list(ADMIN).json()).isEqualTo(listedBefore.json());
            assertThat(resolve(second, method).json()).isEqualTo(resolvedBefore.json());
            assertThat(second.history(ADMIN, requestMethod(method)).json()).isEqualTo(historyBefore.json());
            assertThat(resolvedBefore.json().get("targets")).hasSize(1);
        }
    }

    private static Answer resolve(RunningServer server, String method) {
        return server.send("POST", "/v2beta/actions/executions/_resolve", ADMIN,
                "{\"request\": {\"method\": " + quote(method) + "}}");
    }

    @Test
    void replayVerifyExitsZeroOnAConsistentStore() throws IOException {
        Path store = dir.resolve("replay");
        String method = freshMethod();
        try (RunningServer server = RunningServer.onH2(store)) {
            String t1 = server.createTarget(ADMIN, "replay-1");
            String t2 = server.createTarget(ADMIN, "replay-2");
            server.setExecution(ADMIN, requestMethod(method), "[" + quote(t1) + ", " + quote(t2) + "]");
            server.send("DELETE", "/v2beta/actions/targets/" + t2, ADMIN, null);
        }
        Path config = writeConfig(store);
        Run run = runCli("replay", "--verify", "--config", config.toString());
        assertThat(run.exitCode).as(run.out + run.err).isZero();
        assertThat(run.out).contains("OK: replayed 4 events");
    }

    @Test
    void historyAndResolvePrintTablesAndJsonForAuditors() throws IOException {
        Path store = dir.resolve("audit");
        String method = freshMethod();
        String target;
        try (RunningServer server = RunningServer.onH2(store)) {
            target = server.createTarget(ADMIN, "audited");
            server.setExecution(ADMIN, requestMethod(method), "[" + quote(target) + "]");
        }
        Path config = writeConfig(store);
        Run history = runCli("history", "--config", config.toString(), "--instance", "i1",
                "--execution", "request" + method);
        assertThat(history.exitCode).as(history.err).isZero();
        assertThat(history.out).startsWith("DATE").contains("user-" + ADMIN).contains("SET")
                .contains("target:" + target);
        Run resolve = runCli("resolve", "--config", config.toString(), "--instance", "i1", "--request", method,
                "--json");
        assertThat(resolve.exitCode).as(resolve.err).isZero();
        assertThat(resolve.out).contains("\"executionId\" : \"request" + method + "\"").contains(target);
        Run before = runCli("resolve", "--config", config.toString(), "--instance", "i1", "--request", method,
                "--at", "2000-01-01T00:00:00Z");
        assertThat(before.out).contains("nothing runs");
    }

    @Test
    void serveExplainsAPortInUseAndExitsNonZero() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("busy.json");
            Files.writeString(config, RunningServer.configJson("{\"type\": \"memory\"}",
                    "127.0.0.1:" + taken.getLocalPort()));
            Run run = runCli("serve", "--config", config.toString());
            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.err).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("choose another port");
        }
    }

    @Test
    void aConfigWithAnUnknownFieldIsRefusedWithTheField() throws IOException {
        Path config = dir.resolve("typo.json");
        Files.writeString(config, "{\"listen\": \"127.0.0.1:0\", \"storage\": {\"type\": \"memory\"}, \"tokenz\": []}");
        Run run = runCli("replay", "--verify", "--config", config.toString());
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("unknown field 'tokenz'");
    }

    private Path writeConfig(Path store) throws IOException {
        Path config = dir.resolve(store.getFileName() + ".json");
        Files.writeString(config, RunningServer.configJson("{\"type\": \"h2\", \"path\": " + quote(store.toString())
                + "}", "127.0.0.1:0"));
        return config;
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the command line in this JVM, capturing what it prints. */
    private static synchronized Run runCli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
