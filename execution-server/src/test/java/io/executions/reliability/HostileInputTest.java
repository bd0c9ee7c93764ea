package io.executions.reliability;

import io.executions.reliability.HostileRequests.Request;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.executions.reliability.TestConfig.ADMIN;
import static io.executions.reliability.TestConfig.ADMIN_I2;
import static io.executions.reliability.TestConfig.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Item 1 of RELIABILITY.md: a generated stream of malformed and hostile requests against the real server
 * over real sockets. No answer is a 5xx, every error answer has the contract's error body, nothing is
 * written, and the server stays healthy: {@code /healthz} answers 200 after every batch and a valid write
 * still works at the end.
 */
class HostileInputTest {
    /** Requests per try: the suite sends 1,000 tries of 6 (6,000 requests), the long version 10 times more. */
    private static final int BATCH = Runs.pick(6, 60);

    private static InProcessServer server;
    private static HostileRequests generator;
    private static final AtomicLong requests = new AtomicLong();
    private static final AtomicLong fiveHundreds = new AtomicLong();
    private static final AtomicLong errorAnswers = new AtomicLong();
    private static final Map<String, Long> slowest = new ConcurrentHashMap<>();
    private static final AtomicLong protocolLevel = new AtomicLong();
    private static final AtomicLong bytesSent = new AtomicLong();
    private static final Map<String, AtomicLong> byCategory = new ConcurrentHashMap<>();
    private static final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private static long eventsBefore;

    @BeforeContainer
    static void start() {
        server = InProcessServer.start(TestConfig.json(TestConfig.memoryStorage(), false));
        Http http = server.http;
        String own = http.createTarget(ADMIN, "own");
        String other = http.createTarget(ADMIN_I2, "other");
        String otherMethod = TestConfig.method(40);
        assertThat(http.setExecution(ADMIN_I2, TestConfig.requestMethod(40), "[" + quote(other) + "]").status())
                .isEqualTo(200);
        // includes of the templates must be refused for their bodies, not because M1 was never set
        assertThat(http.setExecution(ADMIN, TestConfig.requestMethod(1), "[" + quote(own) + "]").status())
                .isEqualTo(200);
        generator = new HostileRequests(own, other, otherMethod);
        eventsBefore = server.engine.eventCount();
    }

    @Provide
    Arbitrary<List<Request>> batches() {
        return generator.any().list().ofSize(BATCH);
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void hostileRequestsAreRefusedWithTheContractsErrorAndWriteNothing(@ForAll("batches") List<Request> batch) {
        long events = server.engine.eventCount();
        for (Request request : batch) {
            Http.Answer answer;
            long started = System.nanoTime();
            try {
                answer = request.rawPath() != null
                        ? RawHttp.send(server.server.address().getPort(), request.method(), request.rawPath(),
                        request.authorization(), request.body())
                        : server.http.trySend(request.method(), request.path(), request.authorization(), request.body());
            } catch (IOException e) {
                fail("no answer to " + request + ": " + e);
                return;
            }
            count(request, answer, System.nanoTime() - started);
            assertThat(answer.status()).as("status of %s: %s", request, answer).isBetween(200, 499);
            if (request.mustBeRefused()) {
                assertThat(answer.status()).as("%s must be refused: %s", request, answer).isGreaterThanOrEqualTo(400);
            }
            if (request.rawPath() != null && !HostileRequests.isUri(request.rawPath())) {
                // not a URI at all: refused (4xx) before routing, still in the contract's error shape (no HTML
                // page): 404 for the path, or the protocol's own refusal first (405 for an unknown method such
                // as FOO, 414 for a request line over the limit)
                assertThat(answer.status()).as("%s: %s", request, answer).isBetween(400, 499);
                protocolLevel.incrementAndGet();
            }
            if (answer.status() >= 400) {
                Http.assertErrorShape(answer, request.toString());
            }
            assertThat(server.engine.eventCount()).as("events after %s", request).isEqualTo(events);
        }
        assertThat(server.http.healthz()).as("healthz after the batch").isEqualTo(200);
    }

    private static void count(Request request, Http.Answer answer, long nanos) {
        slowest.merge(request.category(), nanos / 1_000_000, Math::max);
        requests.incrementAndGet();
        bytesSent.addAndGet(request.body() == null ? 0 : request.body().length);
        byCategory.computeIfAbsent(request.category(), c -> new AtomicLong()).incrementAndGet();
        byStatus.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
        if (answer.status() >= 500) {
            fiveHundreds.incrementAndGet();
        }
        if (answer.status() >= 400) {
            errorAnswers.incrementAndGet();
        }
    }

    @AfterContainer
    static void stop() {
        try {
            long written = server.engine.eventCount() - eventsBefore;
            assertThat(server.http.healthz()).as("healthz after the stream").isEqualTo(200);
            Http.Answer write = server.http.setExecution(ADMIN, TestConfig.requestMethod(9), null);
            String own = server.http.createTarget(ADMIN, "after-the-storm");
            write = server.http.setExecution(ADMIN, TestConfig.requestMethod(9), "[" + quote(own) + "]");
            assertThat(write.status()).as("a valid write after the stream: %s", write).isEqualTo(200);
            Http.Answer resolved = server.http.resolve(ADMIN, TestConfig.method(9));
            assertThat(resolved.json().get("targets").get(0).get("id").asText()).isEqualTo(own);
            Runs.report("hostile input", requests.get() + " requests (" + bytesSent.get() / (1024 * 1024)
                    + " MiB of bodies), " + errorAnswers.get() + " error answers (" + protocolLevel.get()
                    + " of them to request lines that are not URIs, refused before routing in the contract's error "
                    + "shape), 5xx = " + fiveHundreds.get() + ", events written = " + written + "; by status " + new TreeMap<>(byStatus)
                    + "; by category " + new TreeMap<>(byCategory) + "; slowest answer (ms) by category "
                    + new TreeMap<>(slowest));
            assertThat(requests.get()).as("requests sent").isGreaterThanOrEqualTo(6_000);
            assertThat(fiveHundreds.get()).isZero();
            assertThat(written).as("events written by the hostile stream").isZero();
        } finally {
            server.close();
        }
    }
}
