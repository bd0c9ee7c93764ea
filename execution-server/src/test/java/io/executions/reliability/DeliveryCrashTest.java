package io.executions.reliability;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/delivery.md: the server process is killed with SIGKILL while clients publish events and its worker
 * delivers them to a target that fails one call in five, again and again, on H2 and on PostgreSQL. After a
 * last restart every publish that was acknowledged ({@code {"deliveries": "1"}} received before the kill) is
 * delivered (the target answered 2xx to a call carrying it), and the delivery log holds nothing pending.
 */
class DeliveryCrashTest {
    private static final int ROUNDS = Runs.pick(2, 20);
    private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void killingTheServerDuringAPublishStormOnH2LosesNoAcknowledgedPublish() throws Exception {
        run("h2", TestConfig.h2Storage(dir.resolve("delivery-crash")));
    }

    @Test
    void killingTheServerDuringAPublishStormOnPostgresLosesNoAcknowledgedPublish() throws Exception {
        try (Postgres pg = Postgres.freshDatabase("delivery_crash")) {
            run("postgresql", pg.storageJson());
        }
    }

    private void run(String store, String storageJson) throws Exception {
        Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        Map<String, Integer> requestsPerDelivery = new ConcurrentHashMap<>();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        target.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requestsPerDelivery.merge(String.valueOf(exchange.getRequestHeaders().getFirst("X-Executions-Delivery")),
                    1, Integer::sum);
            boolean ok = ThreadLocalRandom.current().nextInt(5) != 0;
            if (ok) {
                Matcher m = N.matcher(body);
                if (m.find()) {
                    delivered.add(Integer.parseInt(m.group(1)));
                }
            }
            exchange.sendResponseHeaders(ok ? 200 : 500, -1);
            exchange.close();
        });
        target.start();
        try {
            String json = TestConfig.json(storageJson, false).trim();
            json = json.substring(0, json.length() - 1) + ",\n \"delivery\": {\"maxAttempts\": 50, "
                    + "\"initialBackoff\": \"0.05s\", \"maxBackoff\": \"0.2s\", \"pollInterval\": \"50ms\", "
                    + "\"lease\": \"2s\"},\n \"dispatch\": {\"denyList\": []}}\n";
            Path config = dir.resolve(store + "-delivery.json");
            Files.writeString(config, json, StandardCharsets.UTF_8);
            Random random = new Random(11);
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            long started = System.nanoTime();
            for (int round = 1; round <= ROUNDS; round++) {
                try (ServerProcess server = ServerProcess.start(config, dir.resolve(store + "-d-" + round + ".log"))) {
                    if (round == 1) {
                        Http.Answer created = server.http.send("POST", "/v2beta/actions/targets", TestConfig.ADMIN,
                                "{\"name\": \"receiver\", \"restWebhook\": {}, \"endpoint\": \"http://127.0.0.1:"
                                        + target.getAddress().getPort() + "/hook\", \"timeout\": \"2s\"}");
                        assertThat(created.status()).as("create target: %s", created).isEqualTo(200);
                        Http.Answer set = server.http.setExecution(TestConfig.ADMIN,
                                "{\"event\": {\"event\": \"user.human.added\"}}",
                                "[" + TestConfig.quote(created.json().get("id").asText()) + "]");
                        assertThat(set.status()).as("set execution: %s", set).isEqualTo(200);
                    }
                    AtomicBoolean stop = new AtomicBoolean();
                    List<Thread> publishers = new ArrayList<>();
                    for (int c = 0; c < 4; c++) {
                        Thread t = new Thread(() -> {
                            while (!stop.get()) {
                                int n = next.getAndIncrement();
                                try {
                                    Http.Answer answer = server.http.trySend("POST", "/v2beta/actions/events",
                                            "Bearer " + TestConfig.ADMIN, ("{\"eventType\": \"user.human.added\", "
                                                    + "\"payload\": {\"n\":" + n + "}}").getBytes(StandardCharsets.UTF_8));
                                    if (answer.status() == 200 && "1".equals(answer.json().get("deliveries").asText())) {
                                        acknowledged.add(n);
                                    }
                                } catch (Exception cutOff) {
                                    return; // the kill cut the connection: not acknowledged
                                }
                            }
                        }, "publisher-" + c);
                        t.start();
                        publishers.add(t);
                    }
                    int threshold = acknowledged.size() + 50 + random.nextInt(100);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (acknowledged.size() < threshold && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    server.kill();
                    stop.set(true);
                    for (Thread t : publishers) {
                        t.join(TimeUnit.SECONDS.toMillis(30));
                    }
                }
            }
            try (ServerProcess server = ServerProcess.start(config, dir.resolve(store + "-d-final.log"))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!delivered.containsAll(acknowledged) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Set<Integer> missing = new java.util.TreeSet<>(acknowledged);
                missing.removeAll(delivered);
                if (!missing.isEmpty()) {
                    StringBuilder log = new StringBuilder();
                    for (String status : List.of("PENDING", "SUCCEEDED", "DEAD")) {
                        log.append(status).append('=').append(server.http.send("POST",
                                "/v2beta/actions/deliveries/_search", TestConfig.ADMIN, "{\"filters\": [{\"status\": \""
                                        + status + "\"}], \"pagination\": {\"limit\": 1}}").json().get("pagination")
                                .get("totalResult").asText()).append(' ');
                    }
                    assertThat(missing).as("acknowledged publishes never delivered (of %d acknowledged, %d calls "
                            + "answered 2xx; log: %s)", acknowledged.size(), delivered.size(), log).isEmpty();
                }
                Http.Answer pending;
                do {
                    pending = server.http.send("POST", "/v2beta/actions/deliveries/_search", TestConfig.ADMIN,
                            "{\"filters\": [{\"status\": \"PENDING\"}], \"pagination\": {\"limit\": 1}}");
                    assertThat(pending.status()).isEqualTo(200);
                    Thread.sleep(50);
                } while (!"0".equals(pending.json().get("pagination").get("totalResult").asText())
                        && System.nanoTime() < deadline);
                assertThat(pending.json().get("pagination").get("totalResult").asText()).isEqualTo("0");
            }
            long duplicates = requestsPerDelivery.values().stream().mapToLong(c -> c - 1).sum();
            Runs.report("delivery crash " + store, ROUNDS + " kill -9 rounds, " + next.get() + " publishes sent, "
                    + acknowledged.size() + " acknowledged, all delivered; " + requestsPerDelivery.size()
                    + " delivery ids seen by the target, " + duplicates + " repeated calls (retries after 500s or "
                    + "after a kill, same delivery id); took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                    + " s");
        } finally {
            target.stop(0);
        }
    }
}
