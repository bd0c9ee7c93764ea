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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.executions.reliability.TestConfig.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/delivery.md: two server processes (separate JVMs) on one PostgreSQL database both publish events and
 * both run a delivery worker. The receiver holds every call open for a moment and records, per delivery id,
 * how many calls are open at once: no delivery is ever attempted by both processes at the same time (nor twice
 * by one), every published delivery is delivered, and each process's {@code GET /metrics} counts the attempts
 * it made, which add up to what the receiver saw.
 */
class DeliveryTwoProcessesTest {
    private static final int EVENTS = Runs.pick(200, 3000);
    private static final Pattern ATTEMPTS = Pattern.compile(
            "executions_delivery_attempts_total\\{instance=\"i1\",outcome=\"(\\w+)\",target=\"(\\w+)\"} ([0-9.E]+)");

    @TempDir
    Path dir;

    @Test
    void twoServersOnOneDatabaseNeverAttemptOneDeliveryAtOnceAndDeliverEverything() throws Exception {
        Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger openCalls = new AtomicInteger();
        AtomicInteger mostOpenCalls = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failedCalls = new AtomicInteger();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        // one thread per open call, or the receiver itself would serialize the calls and hide any overlap
        ExecutorService receiverThreads = Executors.newFixedThreadPool(40);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = String.valueOf(exchange.getRequestHeaders().getFirst("X-Executions-Delivery"));
            calls.incrementAndGet();
            mostOpenCalls.accumulateAndGet(openCalls.incrementAndGet(), Math::max);
            AtomicInteger mine = open.computeIfAbsent(id, k -> new AtomicInteger());
            if (mine.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            boolean ok = ThreadLocalRandom.current().nextInt(4) != 0;
            try {
                Thread.sleep(20); // the call is open: a second attempt of this id now would overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the call ends for the receiver before the answer leaves: the worker records the attempt after it
            mine.decrementAndGet();
            openCalls.decrementAndGet();
            if (ok) {
                delivered.add(id);
            } else {
                failedCalls.incrementAndGet();
            }
            exchange.sendResponseHeaders(ok ? 200 : 500, -1);
            exchange.close();
        });
        receiver.start();
        try (Postgres pg = Postgres.freshDatabase("delivery_two")) {
            String json = TestConfig.json(pg.storageJson(), false).trim();
            json = json.substring(0, json.length() - 1) + ",\n \"delivery\": {\"maxAttempts\": 50, "
                    + "\"initialBackoff\": \"0.05s\", \"maxBackoff\": \"0.2s\", \"pollInterval\": \"50ms\", "
                    + "\"concurrency\": 8},\n \"dispatch\": {\"denyList\": []}}\n";
            Path config = dir.resolve("two-delivery.json");
            Files.writeString(config, json, StandardCharsets.UTF_8);
            long started = System.nanoTime();
            // both JVMs start at once (the store serializes creating its schema with an advisory lock)
            CompletableFuture<ServerProcess> startingB = CompletableFuture.supplyAsync(
                    () -> ServerProcess.start(config, dir.resolve("b.log")));
            try (ServerProcess a = ServerProcess.start(config, dir.resolve("a.log"))) {
                Http.Answer created = a.http.send("POST", "/v2beta/actions/targets", ADMIN,
                        "{\"name\": \"receiver\", \"restWebhook\": {}, \"endpoint\": \"http://127.0.0.1:"
                                + receiver.getAddress().getPort() + "/hook\", \"timeout\": \"5s\"}");
                assertThat(created.status()).as("create target: %s", created).isEqualTo(200);
                String target = created.json().get("id").asText();
                Http.Answer set = a.http.setExecution(ADMIN, "{\"event\": {\"event\": \"user.human.added\"}}",
                        "[" + TestConfig.quote(target) + "]");
                assertThat(set.status()).as("set execution: %s", set).isEqualTo(200);
                try (ServerProcess b = startingB.get(120, TimeUnit.SECONDS)) {
                    // B learns of A's execution by polling the store: publish only once both resolve the event
                    // to the target (else B rightly answers "deliveries": "0" for an event it cannot route yet)
                    for (ServerProcess p : List.of(a, b)) {
                        long routed = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!p.http.send("POST", "/v2beta/actions/executions/_resolve", ADMIN,
                                "{\"event\": {\"event\": \"user.human.added\"}}").text().contains(target)) {
                            assertThat(System.nanoTime()).as("the execution reaches both processes").isLessThan(routed);
                            Thread.sleep(20);
                        }
                    }
                    AtomicInteger next = new AtomicInteger();
                    AtomicInteger acknowledged = new AtomicInteger();
                    List<Thread> publishers = new ArrayList<>();
                    for (int c = 0; c < 4; c++) {
                        Http http = (c % 2 == 0 ? a : b).http;
                        Thread t = new Thread(() -> {
                            for (int n = next.getAndIncrement(); n < EVENTS; n = next.getAndIncrement()) {
                                Http.Answer answer = http.send("POST", "/v2beta/actions/events", ADMIN,
                                        "{\"eventType\": \"user.human.added\", \"payload\": {\"n\":" + n + "}}");
                                if (answer.status() == 200 && "1".equals(answer.json().get("deliveries").asText())) {
                                    acknowledged.incrementAndGet();
                                }
                            }
                        }, "publisher-" + c);
                        t.start();
                        publishers.add(t);
                    }
                    for (Thread t : publishers) {
                        t.join(TimeUnit.SECONDS.toMillis(60));
                    }
                    assertThat(acknowledged.get()).isEqualTo(EVENTS);

                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (succeeded(a) < EVENTS && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(succeeded(a)).as("deliveries SUCCEEDED in the log").isEqualTo(EVENTS);
                    assertThat(succeeded(b)).isEqualTo(EVENTS);
                    assertThat(delivered).as("delivery ids answered 2xx").hasSize(EVENTS);
                    assertThat(overlaps.get()).as("calls of one delivery id open at the same time").isZero();
                    // the receiver did take calls in parallel, so an overlap could have been seen
                    assertThat(mostOpenCalls.get()).isGreaterThan(1);

                    Map<String, Double> onA = attempts(a, target);
                    Map<String, Double> onB = attempts(b, target);
                    assertThat(onA.getOrDefault("OK", 0.0)).as("deliveries made by A").isPositive();
                    assertThat(onB.getOrDefault("OK", 0.0)).as("deliveries made by B").isPositive();
                    assertThat(onA.getOrDefault("OK", 0.0) + onB.getOrDefault("OK", 0.0)).isEqualTo(EVENTS);
                    assertThat(onA.getOrDefault("FAILED", 0.0) + onB.getOrDefault("FAILED", 0.0))
                            .isEqualTo(failedCalls.get());
                    Runs.report("delivery two processes", EVENTS + " events published to both, all delivered; "
                            + calls.get() + " calls (" + failedCalls.get() + " answered 500 and retried), at most "
                            + mostOpenCalls.get() + " open at once, 0 overlapping per delivery id; attempts by A "
                            + onA + ", by B " + onB + "; took "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
                }
            } finally {
                // B is closed by its own try once it started; this stops it when A or the test failed first
                startingB.thenAccept(ServerProcess::close);
            }
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    private static int succeeded(ServerProcess server) {
        Http.Answer page = server.http.send("POST", "/v2beta/actions/deliveries/_search", ADMIN,
                "{\"filters\": [{\"status\": \"SUCCEEDED\"}], \"pagination\": {\"limit\": 1}}");
        assertThat(page.status()).as("search: %s", page).isEqualTo(200);
        return page.json().get("pagination").get("totalResult").asInt();
    }

    /** The process's attempt counters for the target, by outcome, from its Prometheus text. */
    private static Map<String, Double> attempts(ServerProcess server, String target) {
        Http.Answer scrape = server.http.send("GET", "/metrics", null, null);
        assertThat(scrape.status()).isEqualTo(200);
        Map<String, Double> byOutcome = new java.util.TreeMap<>();
        Matcher m = ATTEMPTS.matcher(new String(scrape.raw(), StandardCharsets.UTF_8));
        while (m.find()) {
            if (m.group(2).equals(target)) {
                byOutcome.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return byOutcome;
    }
}
