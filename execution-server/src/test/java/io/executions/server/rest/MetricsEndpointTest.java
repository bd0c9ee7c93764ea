package io.executions.server.rest;

import com.sun.net.httpserver.HttpServer;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.delivery.DurableAsyncSink;
import io.executions.dispatch.DispatchMetrics;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.runtime.Executions;
import io.executions.runtime.HttpDeliverySender;
import io.executions.server.ExecutionServer;
import io.executions.server.ServerConfig;
import io.executions.server.ServerLimits;
import io.executions.server.ServerMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/delivery.md: the standalone server serves its meters as Prometheus text at {@code GET /metrics}, wired as
 * {@code serve} wires them (one registry for the engine, the delivery worker and the dispatcher), scraped over
 * a socket; {@code metrics.token} makes the scrape need that bearer token.
 */
class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static HttpServer receiver;
    private static Served open;
    private static Served guarded;

    /** The server as {@code serve} assembles it, with the test config plus the given sections. */
    private record Served(Executions engine, ExecutionServer server, TargetClient targets, ServerMetrics metrics)
            implements AutoCloseable {
        static Served start(String extraSections) {
            String json = RunningServer.configJson("{\"type\": \"memory\"}", "127.0.0.1:0");
            json = json.substring(0, json.length() - 1) + ",\n \"delivery\": {\"initialBackoff\": \"0.02s\", "
                    + "\"maxBackoff\": \"0.05s\", \"pollInterval\": \"20ms\"},\n \"dispatch\": {\"denyList\": []}"
                    + extraSections + "}";
            ServerConfig config = ServerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "test config");
            ServerMetrics metrics = ServerMetrics.of(config);
            TargetClient targets = TargetClient.builder().denyList(config.denyList()).build();
            Executions engine = config.serverEngineBuilder(new HttpDeliverySender())
                    .meterRegistry(metrics.registry()).build();
            ExecutionsHttpApi api = new ExecutionsHttpApi(engine, config.authenticator(), config.features());
            api.service().withDispatcher(Dispatcher.builder().queries(engine.queries()).client(targets)
                    .asyncSink(new DurableAsyncSink(engine.deliveries())).jwtSigner(RunningServer.JWT)
                    .metrics(new DispatchMetrics(metrics.registry())).build());
            ExecutionServer server = ExecutionServer.start(new InetSocketAddress("127.0.0.1", 0), api,
                    engine::isCaughtUp, ServerLimits.DEFAULTS.withBlockingThreads(4), List.of(metrics.endpoint()));
            return new Served(engine, server, targets, metrics);
        }

        String base() {
            return "http://127.0.0.1:" + server.address().getPort();
        }

        @Override
        public void close() {
            server.close();
            engine.close();
            targets.close();
            metrics.close();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/fail") ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
        open = Served.start("");
        guarded = Served.start(",\n \"metrics\": {\"token\": \"scrape-s3cret\"}");
    }

    @AfterAll
    static void stop() {
        open.close();
        guarded.close();
        receiver.stop(0);
    }

    private static HttpResponse<String> send(Served s, String method, String path, String authorization,
                                             String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String createTarget(Served s, String name, String type, String path) throws Exception {
        HttpResponse<String> created = send(s, "POST", "/v2beta/actions/targets", "Bearer " + ADMIN, "{\"name\": "
                + quote(name) + ", \"" + type + "\": {}, \"endpoint\": "
                + quote("http://127.0.0.1:" + receiver.getAddress().getPort() + path) + ", \"timeout\": \"2s\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return created.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static void awaitScrape(Served s, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body;
        do {
            body = send(s, "GET", "/metrics", null, null).body();
            if (body.contains(line)) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(body).contains(line);
    }

    @Test
    void afterADeliveryTheScrapeShowsItsAttemptAndLatencyLabelledWithTheTargetAndTheWriteCounters() throws Exception {
        String hook = createTarget(open, "metrics-hook", "restWebhook", "/ok");
        assertThat(send(open, "PUT", "/v2beta/actions/executions", "Bearer " + ADMIN, "{\"condition\": {\"event\": "
                + "{\"event\": \"user.human.changed\"}}, \"targets\": [" + quote(hook) + "]}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> published = send(open, "POST", "/v2beta/actions/events", "Bearer " + ADMIN,
                "{\"eventType\": \"user.human.changed\"}");
        assertThat(published.body()).isEqualTo("{\"deliveries\":\"1\"}");

        String attempt = "executions_delivery_attempts_total{instance=\"i1\",outcome=\"OK\",target=\"" + hook + "\"} 1";
        awaitScrape(open, attempt);
        HttpResponse<String> scrape = send(open, "GET", "/metrics", null, null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body())
                .contains(attempt)
                .contains("executions_delivery_latency_seconds_count{instance=\"i1\",target=\"" + hook + "\"} 1")
                .contains("# TYPE executions_deliveries_pending gauge")
                .contains("# TYPE executions_deliveries_dead gauge")
                .contains("# TYPE executions_deliveries_inflight gauge")
                .contains("jvm_memory_used_bytes");
        // write counters: Axon's command bus per command type, and the events stored
        assertThat(scrape.body())
                .containsPattern("commandBus_successCounter_total\\{payloadType=\"SetExecution\"} [1-9]")
                .containsPattern("eventStore_ingestedCounter_total [1-9]");
    }

    @Test
    void aDeadDeliveryIsCountedAsDeadAndItsFailedAttemptsPerTarget() throws Exception {
        String failing = createTarget(open, "metrics-failing", "restWebhook", "/fail");
        assertThat(send(open, "PUT", "/v2beta/actions/executions", "Bearer " + ADMIN, "{\"condition\": {\"event\": "
                + "{\"event\": \"session.added\"}}, \"targets\": [" + quote(failing) + "]}").statusCode())
                .isEqualTo(200);

        send(open, "POST", "/v2beta/actions/events", "Bearer " + ADMIN, "{\"eventType\": \"session.added\"}");

        // the default budget is 10 attempts, 20 to 50 ms apart here
        awaitScrape(open, "executions_delivery_attempts_total{instance=\"i1\",outcome=\"FAILED\",target=\""
                + failing + "\"} 10");
        awaitScrape(open, "executions_deliveries_dead 1");
    }

    @Test
    void aTargetCallOfTheDispatcherIsCountedPerTargetAndOutcome() throws Exception {
        String call = createTarget(open, "metrics-call", "restWebhook", "/fail");
        String method = "/" + RunningServer.SERVICE + "/M399";
        assertThat(send(open, "PUT", "/v2beta/actions/executions", "Bearer " + ADMIN, "{\"condition\": {\"request\": "
                + "{\"method\": " + quote(method) + "}}, \"targets\": [" + quote(call) + "]}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> invoked = send(open, "POST", "/v2beta/actions/executions/_invoke", "Bearer " + ADMIN,
                "{\"request\": {\"method\": " + quote(method) + "}}");
        assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);

        String scrape = send(open, "GET", "/metrics", null, null).body();
        assertThat(scrape).containsPattern("executions_dispatch_calls_seconds_count\\{[^}]*outcome=\"FAILED\"[^}]*"
                + "target=\"" + call + "\"[^}]*} 1");
    }

    @Test
    void onlyGetAndHeadAreAllowedOnMetrics() throws Exception {
        HttpResponse<String> posted = send(open, "POST", "/metrics", null, "{}");

        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.body()).contains("Errors.Route.MethodNotAllowed");
        HttpResponse<String> head = send(open, "HEAD", "/metrics", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void withAMetricsTokenAScrapeNeedsExactlyThatBearerToken() throws Exception {
        for (String refused : new String[]{null, "Bearer " + ADMIN, "Bearer scrape-s3cre", "Basic scrape-s3cret"}) {
            HttpResponse<String> answer = send(guarded, "GET", "/metrics", refused, null);
            assertThat(answer.statusCode()).as(String.valueOf(refused)).isEqualTo(401);
            assertThat(answer.body()).contains("Errors.Token.Invalid").doesNotContain("executions_");
        }

        HttpResponse<String> scraped = send(guarded, "GET", "/metrics", "Bearer scrape-s3cret", null);

        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("# TYPE executions_deliveries_pending gauge");
    }

    @Test
    void openMetricsIsServedWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(open.base() + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.headers().firstValue("Content-Type")).hasValue(
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(scrape.body()).endsWith("# EOF\n");
    }
}
