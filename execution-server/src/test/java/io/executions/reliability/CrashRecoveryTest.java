package io.executions.reliability;

import io.executions.server.ServerConfig;
import io.executions.projections.ReplayReport;
import io.executions.runtime.Executions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 4 of RELIABILITY.md: the server process is killed with SIGKILL in the middle of a write storm,
 * again and again, on the H2 file store and on PostgreSQL. After every kill the store opens, the rules
 * held at every event, every write acknowledged (HTTP 200 received before the kill) in this or any
 * earlier round is there, and the read models rebuilt from the store equal a fresh replay; the restarted
 * server is healthy and takes writes. At the end, {@code replay --verify} (the CLI, a separate process)
 * exits with 0.
 */
class CrashRecoveryTest {
    private static final int ROUNDS = Runs.pick(3, 50);
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void killingTheServerDuringAWriteStormOnH2LosesNoAcknowledgedWrite() throws Exception {
        run("h2", TestConfig.h2Storage(dir.resolve("crash")));
    }

    @Test
    void killingTheServerDuringAWriteStormOnPostgresLosesNoAcknowledgedWrite() throws Exception {
        try (Postgres pg = Postgres.freshDatabase("reliability_crash")) {
            run("postgresql", pg.storageJson());
        }
    }

    private void run(String store, String storageJson) throws Exception {
        Path config = dir.resolve(store + ".json");
        Files.writeString(config, TestConfig.json(storageJson, false), StandardCharsets.UTF_8);
        ServerConfig parsed = ServerConfig.load(config);
        Random random = new Random(4242);
        long started = System.nanoTime();
        long verifying = 0;
        List<WriteStorm.Ack> acknowledged = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        long killedInFlight = 0;
        long sent = 0;
        int lastEvents = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            ServerProcess server = ServerProcess.start(config, dir.resolve(store + "-round-" + round + ".log"));
            WriteStorm storm;
            try {
                if (targets.isEmpty()) {
                    for (int i = 0; i < 6; i++) {
                        targets.add(server.http.createTarget(TestConfig.ADMIN, "crash-" + i));
                    }
                }
                storm = new WriteStorm(targets, 8);
                List<Thread> clients = storm.start(List.of(server.http), CLIENTS, Integer.MAX_VALUE, round);
                // kill at a random moment, once the storm is well under way
                long threshold = 20 + random.nextInt(60);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (storm.acks.size() < threshold && System.nanoTime() < deadline && storm.unexpected.isEmpty()) {
                    Thread.onSpinWait();
                }
                server.kill();
                WriteStorm.join(clients);
                assertThat(storm.unexpected).as("answers of 5xx before the kill").isEmpty();
                assertThat(storm.acks.size()).as("acknowledged writes before the kill").isGreaterThanOrEqualTo((int) threshold);
                killedInFlight += storm.connectionsLost.get();
                sent += storm.sent.get();
            } finally {
                server.kill();
            }
            acknowledged.addAll(storm.acks);
            storm.acks.stream().filter(a -> a.target() != null && !a.removed())
                    .forEach(a -> targets.add(a.target().value()));

            long verifyStarted = System.nanoTime();
            try (Executions engine = parsed.engineBuilder().build()) {
                assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).as("round %d: read models caught up", round)
                        .isTrue();
                StoreFold fold = StoreFold.of(engine);
                WriteStorm.assertAllHeld(acknowledged, fold);
                ReplayReport replay = engine.verifyReplay(null);
                assertThat(replay.differences()).as("round %d: read models equal a fresh replay", round).isEmpty();
                lastEvents = fold.events;
            }
            verifying += System.nanoTime() - verifyStarted;
        }
        // the restarted server is healthy and takes a write
        try (ServerProcess server = ServerProcess.start(config, dir.resolve(store + "-final.log"))) {
            String fresh = server.http.createTarget(TestConfig.ADMIN, "after-the-crashes");
            Http.Answer write = server.http.setExecution(TestConfig.ADMIN, TestConfig.requestMethod(30),
                    "[" + TestConfig.quote(fresh) + "]");
            assertThat(write.status()).as("a write after the last restart: %s", write).isEqualTo(200);
        }
        int exit = replayVerify(config, dir.resolve(store + "-replay.log"));
        assertThat(exit).as("replay --verify exit code (log in %s)", dir).isZero();
        Runs.report("crash " + store, ROUNDS + " kill -9 rounds, " + sent + " requests sent, " + acknowledged.size()
                + " acknowledged writes checked after every round (cumulative), " + killedInFlight
                + " requests cut off by the kill, " + lastEvents + " events in the store; replay --verify exit 0; took "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s (verifying "
                + TimeUnit.NANOSECONDS.toSeconds(verifying) + " s)");
    }

    /** {@code replay --verify --config FILE} as a separate process; returns its exit code. */
    private static int replayVerify(Path config, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.executions.server.cli.Main", "replay",
                "--verify", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("replay --verify did not finish");
        }
        return process.exitValue();
    }
}
