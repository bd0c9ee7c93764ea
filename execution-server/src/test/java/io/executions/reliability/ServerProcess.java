package io.executions.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone server as a separate JVM ({@code Main serve --config FILE}) on the test's class path.
 * Its port is read from the start-up line; it counts as started once {@code /healthz} answers 200.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:\\s]+:(\\d+)");

    private final Process process;
    private final Path log;
    final int port;
    final Http http;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.http = new Http(port);
    }

    /** Starts a server with the config file and waits (bounded) until it is healthy. */
    static ServerProcess start(Path config, Path log) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.executions.server.cli.Main", "serve", "--config", config.toString(), "--threads", "8"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> copyOutput(process, log, port), "server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            int p = port.get(90, TimeUnit.SECONDS);
            ServerProcess server = new ServerProcess(process, log, p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                try {
                    if (server.http.trySend("GET", "/healthz", null, null).status() == 200) {
                        return server;
                    }
                } catch (IOException notYet) {
                    // the port is bound before the first answer; try again
                }
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("server did not become healthy; log:\n" + server.logText());
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("server process did not start: " + e + "\nlog:\n" + readLog(log), e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process died: its pipe broke
        } finally {
            port.completeExceptionally(new IllegalStateException("the server exited before listening"));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux {@code destroyForcibly} is {@code kill -9}), then waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("server process " + process.pid() + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logText() {
        return readLog(log);
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM: the server's shutdown hook closes it cleanly; SIGKILL when that takes too long. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
