package io.executions.dispatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TargetClientTest {
    private static final byte[] BODY = "{\"fullMethod\":\"/a.b.S/M\"}".getBytes(StandardCharsets.UTF_8);

    private TestTargets targets;
    private TargetClient client;

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
        client = TargetClient.builder().denyList(DenyList.none()).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        targets.close();
    }

    private CallOutcome call(String url, Duration timeout) throws Exception {
        return client.call(new TargetCall(url, timeout, List.of("key-1"), BODY, null, "d-1"))
                .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    @Test
    void a_2xx_answer_is_ok_and_carries_the_body() throws Exception {
        CallOutcome outcome = call(targets.url("/echo"), Duration.ofSeconds(5));

        assertThat(outcome.outcome()).isEqualTo(Outcome.OK);
        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(outcome.body()).isEqualTo(BODY);
        assertThat(outcome.error()).isEmpty();
    }

    @Test
    void the_call_posts_the_raw_body_as_json_with_the_signature_and_the_delivery_id() throws Exception {
        call(targets.url("/ok"), Duration.ofSeconds(5));

        TestTargets.Received received = targets.received("/ok").get(0);
        assertThat(received.body()).isEqualTo(BODY);
        assertThat(received.header("Content-Type")).startsWith("application/json");
        assertThat(received.header("X-Executions-Delivery")).isEqualTo("d-1");
        assertThat(received.header("ZITADEL-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(SignatureVerifier.withDefaults()
                .isValid(received.header("ZITADEL-Signature"), received.body(), "key-1")).isTrue();
    }

    @Test
    void a_500_answer_is_failed_with_its_status() throws Exception {
        CallOutcome outcome = call(targets.url("/fail"), Duration.ofSeconds(5));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(500);
        assertThat(outcome.error()).contains("500");
    }

    @Test
    void a_redirect_is_failed_and_never_followed() throws Exception {
        CallOutcome outcome = call(targets.url("/redirect-ok"), Duration.ofSeconds(5));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(307);
        assertThat(targets.received("/ok")).isEmpty();
    }

    @Test
    void an_answer_slower_than_the_timeout_is_a_timeout_that_ends_on_time() throws Exception {
        targets.slow("/slow", 3_000);

        long start = System.nanoTime();
        CallOutcome outcome = call(targets.url("/slow"), Duration.ofMillis(300));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(outcome.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(outcome.httpStatus()).isZero();
        assertThat(tookMs).isBetween(250L, 1_500L);
    }

    @Test
    void a_peer_that_never_answers_is_a_timeout() throws Exception {
        CallOutcome outcome = call(targets.silentUrl(), Duration.ofMillis(300));

        assertThat(outcome.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(outcome.durationMs()).isBetween(250L, 1_500L);
    }

    @Test
    void a_reset_connection_is_failed() throws Exception {
        CallOutcome outcome = call(targets.resettingUrl(), Duration.ofSeconds(5));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isZero();
        assertThat(outcome.error()).startsWith("connection error");
    }

    @Test
    void an_answer_larger_than_the_limit_is_failed() throws Exception {
        targets.route("/big", r -> TestTargets.Answer.of(200, "x".repeat(2 * 1024 * 1024)));

        CallOutcome outcome = call(targets.url("/big"), Duration.ofSeconds(5));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).contains("larger than");
    }

    @Test
    void a_refused_connection_is_failed_quickly() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CallOutcome outcome = call("http://127.0.0.1:" + port + "/", Duration.ofSeconds(5));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.durationMs()).isLessThan(4_000);
    }

    @Test
    void no_signature_header_is_sent_without_a_key() throws Exception {
        client.call(new TargetCall(targets.url("/ok"), Duration.ofSeconds(5), List.of(), BODY, null, "d-2"))
                .get(10, TimeUnit.SECONDS);

        assertThat(targets.received("/ok").get(0).header("ZITADEL-Signature")).isNull();
    }

    @Test
    void a_thousand_hanging_calls_leave_no_thread_behind() throws Exception {
        call(targets.url("/ok"), Duration.ofSeconds(5)); // warm up: the client's threads exist now
        var threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        int peak = before;

        List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            calls.add(client.call(new TargetCall(targets.silentUrl(), Duration.ofMillis(500), List.of("k"), BODY,
                    null, "d" + i)));
            peak = Math.max(peak, threads.getThreadCount());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        peak = Math.max(peak, threads.getThreadCount());
        Thread.sleep(200);
        int after = threads.getThreadCount();

        assertThat(calls).allSatisfy(c -> assertThat(c.join().outcome()).isIn(Outcome.TIMEOUT, Outcome.FAILED));
        assertThat(calls.stream().filter(c -> c.join().outcome() == Outcome.TIMEOUT).count()).isGreaterThan(900);
        assertThat(after).as("threads after 1,000 hanging calls").isLessThanOrEqualTo(before + 2);
        assertThat(peak).as("peak threads during 1,000 hanging calls").isLessThanOrEqualTo(before + 8);
    }
}
