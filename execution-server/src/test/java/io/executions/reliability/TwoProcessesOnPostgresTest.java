package io.executions.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.server.ServerConfig;
import io.executions.projections.ReplayReport;
import io.executions.runtime.Executions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.executions.reliability.TestConfig.ADMIN;
import static io.executions.reliability.TestConfig.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 3 of RELIABILITY.md: two server processes (separate JVMs) share one PostgreSQL database and take
 * conflicting writes at the same time over HTTP. Folding the shared store shows that the rules held at
 * every event across both, that every acknowledged write is stored and nothing else; both read models
 * converge to the same answers; and the lag from a write acknowledged by A until B resolves it is measured.
 */
class TwoProcessesOnPostgresTest {
    private static final int CLIENTS_PER_SERVER = 4;
    private static final int OPS_PER_CLIENT = Runs.pick(100, 1500);
    private static final int LAG_SAMPLES = Runs.pick(50, 500);
    private static final int METHODS = 8;

    @TempDir
    Path dir;

    @Test
    void twoServersOnOneDatabaseKeepTheRulesConvergeAndCatchUpWithinABoundedLag() throws Exception {
        try (Postgres pg = Postgres.freshDatabase("reliability_two")) {
            Path config = dir.resolve("shared.json");
            Files.writeString(config, TestConfig.json(pg.storageJson(), false), StandardCharsets.UTF_8);
            try (ServerProcess a = ServerProcess.start(config, dir.resolve("a.log"));
                 ServerProcess b = ServerProcess.start(config, dir.resolve("b.log"))) {
                List<String> targets = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    targets.add(a.http.createTarget(ADMIN, "on-a-" + i));
                    targets.add(b.http.createTarget(ADMIN, "on-b-" + i));
                }

                // conflicting writes on both at once
                WriteStorm storm = new WriteStorm(targets, METHODS);
                long started = System.nanoTime();
                WriteStorm.join(storm.start(List.of(a.http, b.http), CLIENTS_PER_SERVER, OPS_PER_CLIENT, 12185));
                long stormMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(storm.unexpected).as("5xx answers").isEmpty();
                assertThat(storm.connectionsLost.get()).as("lost connections").isZero();

                // both read models converge
                long convergeStarted = System.nanoTime();
                awaitConvergence(a.http, b.http);
                long convergeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - convergeStarted);

                List<Long> lags = measureLag(a.http, b.http);

                // the shared store, folded by a third engine
                ServerConfig parsed = ServerConfig.load(config);
                int checked;
                int events;
                try (Executions engine = parsed.engineBuilder().build()) {
                    assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
                    StoreFold fold = StoreFold.of(engine);
                    checked = WriteStorm.assertAllHeld(storm.acks, fold);
                    Set<StoreFold.Write> acknowledged = new HashSet<>();
                    storm.acks.stream().filter(ack -> ack.execution() != null).forEach(ack -> acknowledged.add(
                            new StoreFold.Write(WriteStorm.I1, ack.execution(), ack.entries(), ack.at())));
                    for (StoreFold.Write write : fold.writes) {
                        if (write.id().value().startsWith("request/" + TestConfig.SERVICE + "/M")
                                && Integer.parseInt(write.id().value().substring(("request/" + TestConfig.SERVICE
                                + "/M").length())) < METHODS) {
                            assertThat(acknowledged).as("stored write %s was acknowledged", write).contains(write);
                        }
                    }
                    ReplayReport replay = engine.verifyReplay(null);
                    assertThat(replay.differences()).as("read models equal a fresh replay").isEmpty();
                    events = fold.events;
                }
                List<Long> sorted = new ArrayList<>(lags);
                Collections.sort(sorted);
                Runs.report("two processes on PostgreSQL", 2 * CLIENTS_PER_SERVER + " clients x " + OPS_PER_CLIENT
                        + " requests = " + storm.sent.get() + " in " + stormMs + " ms (" + storm.acks.size()
                        + " acknowledged, " + storm.refused.get() + " refused, 5xx = " + storm.serverErrors.get()
                        + "); " + checked + " acknowledged writes checked against " + events + " events; converged "
                        + convergeMs + " ms after the storm; lag A->B over " + sorted.size() + " writes: p50 "
                        + percentile(sorted, 50) + " ms, p95 " + percentile(sorted, 95) + " ms, max "
                        + sorted.get(sorted.size() - 1) + " ms");
            }
        }
    }

    /** Polls (bounded) until A and B answer every resolution and the listing identically. */
    private static void awaitConvergence(Http a, Http b) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String lastA = null;
        String lastB = null;
        while (System.nanoTime() < deadline) {
            lastA = view(a);
            lastB = view(b);
            if (lastA.equals(lastB)) {
                return;
            }
            Thread.sleep(10);
        }
        assertThat(lastB).as("B's answers equal A's within 60 s").isEqualTo(lastA);
    }

    private static String view(Http http) {
        StringBuilder view = new StringBuilder();
        for (int m = 0; m < METHODS; m++) {
            view.append(http.resolve(ADMIN, TestConfig.method(m)).text()).append('\n');
        }
        view.append(http.send("POST", "/v2beta/actions/executions/_search", ADMIN, "{}").text()).append('\n');
        view.append(http.send("POST", "/v2beta/actions/targets/_search", ADMIN, "{}").text());
        return view.toString();
    }

    /** Writes on A, one at a time, and times how long until B resolves each one (milliseconds). */
    private static List<Long> measureLag(Http a, Http b) {
        String[] targets = {a.createTarget(ADMIN, "lag-1"), a.createTarget(ADMIN, "lag-2")};
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < LAG_SAMPLES; i++) {
            String method = TestConfig.method(20 + i % 10);
            String target = targets[(i / 10) % 2 == 0 ? i % 2 : 1 - i % 2];
            Http.Answer written = a.setExecution(ADMIN, "{\"request\": {\"method\": " + quote(method) + "}}",
                    "[" + quote(target) + "]");
            assertThat(written.status()).as("lag write %d: %s", i, written).isEqualTo(200);
            long acknowledged = System.nanoTime();
            long deadline = acknowledged + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                JsonNode resolved = b.resolve(ADMIN, method).json();
                if (resolved.get("targets").size() == 1 && resolved.get("targets").get(0).get("id").asText().equals(target)) {
                    break;
                }
                assertThat(System.nanoTime()).as("B resolves write %d within 30 s", i).isLessThan(deadline);
            }
            lags.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledged));
        }
        return lags;
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
