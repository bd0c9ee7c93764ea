package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.Contract.assertTimestamp;
import static io.executions.server.rest.Contract.fieldNames;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.ADMIN_I2;
import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/delivery.md over HTTP: publish, the delivery log, retry, and their errors. */
class DeliveryEndpointsTest {
    private static final String EVENTS = "/v2beta/actions/events";
    private static final String SEARCH = "/v2beta/actions/deliveries/_search";
    private static RunningServer server;
    private static HttpServer target;
    private static final AtomicInteger status = new AtomicInteger(200);
    private static final List<String> deliveryIds = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        target.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            deliveryIds.add(exchange.getRequestHeaders().getFirst("X-Executions-Delivery"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        target.start();
        server = RunningServer.withDelivery("{\"maxAttempts\": 2, \"initialBackoff\": \"0.02s\", "
                + "\"maxBackoff\": \"0.05s\", \"pollInterval\": \"20ms\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
        target.stop(0);
    }

    /** A fresh target of instance i1 (or i2) bound to {@code event} alone. */
    private static String bind(String token, String event) {
        Answer created = server.send("POST", "/v2beta/actions/targets", token, "{\"name\": "
                + quote(RunningServer.uniqueName("d")) + ", \"restWebhook\": {}, \"endpoint\": "
                + quote("http://127.0.0.1:" + target.getAddress().getPort() + "/hook") + ", \"timeout\": \"2s\"}");
        assertThat(created.status()).as(created.json().toString()).isEqualTo(200);
        String id = created.json().get("id").asText();
        Answer set = server.send("PUT", "/v2beta/actions/executions", token, "{\"condition\": {\"event\": {\"event\": "
                + quote(event) + "}}, \"targets\": [{\"target\": " + quote(id) + "}]}");
        assertThat(set.status()).as(set.json().toString()).isEqualTo(200);
        return id;
    }

    private static JsonNode search(String token, String body) {
        Answer answer = server.send("POST", SEARCH, token, body);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode awaitDelivery(String targetId, String wantedStatus) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode page = search(ADMIN, "{\"filters\": [{\"targetId\": " + quote(targetId) + "}]}");
            JsonNode first = page.get("deliveries").get(0);
            if (first != null && first.get("status").asText().equals(wantedStatus)) {
                return first;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + wantedStatus + " delivery for " + targetId + ": " + page);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void publishingAnswersTheNumberOfDeliveriesAsAStringAndTheLogShowsEveryField() throws Exception {
        String t = bind(ADMIN, "user.human.added");

        Answer published = server.send("POST", EVENTS, ADMIN, "{\"eventType\": \"user.human.added\", "
                + "\"aggregateID\": \"u1\", \"aggregateType\": \"user\", \"resourceOwner\": \"o1\", \"sequence\": \"3\", "
                + "\"createdAt\": \"2026-11-30T01:00:00Z\", \"userID\": \"admin\", \"payload\": {\"email\": \"a@b.c\"}}");

        assertThat(published.status()).isEqualTo(200);
        assertThat(fieldNames(published.json())).containsExactly("deliveries");
        assertThat(published.json().get("deliveries").isTextual()).isTrue();
        assertThat(published.json().get("deliveries").asText()).isEqualTo("1");
        JsonNode delivery = awaitDelivery(t, "SUCCEEDED");
        assertThat(fieldNames(delivery)).containsExactly("id", "targetId", "eventType", "status", "attempts",
                "lastError", "nextAttempt", "createdDate", "changeDate");
        assertThat(delivery.get("targetId").asText()).isEqualTo(t);
        assertThat(delivery.get("eventType").asText()).isEqualTo("user.human.added");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastError").asText()).isEmpty();
        assertThat(delivery.get("nextAttempt").isNull()).isTrue();
        assertTimestamp(delivery.get("createdDate"));
        assertTimestamp(delivery.get("changeDate"));
        assertThat(deliveryIds).contains(delivery.get("id").asText());
        JsonNode page = search(ADMIN, "{\"filters\": [{\"targetId\": " + quote(t) + "}, {\"status\": \"SUCCEEDED\"}], "
                + "\"pagination\": {\"offset\": 0, \"limit\": 10, \"asc\": true}}");
        assertThat(fieldNames(page)).containsExactly("pagination", "deliveries");
        assertThat(page.get("pagination").get("totalResult").asText()).isEqualTo("1");
    }

    @Test
    void anEventNothingResolvesToAnswersZero() {
        Answer published = server.send("POST", EVENTS, ADMIN_I2, "{\"eventType\": \"session.added\"}");

        assertThat(published.status()).isEqualTo(200);
        assertThat(published.json().get("deliveries").asText()).isEqualTo("0");
    }

    @Test
    void badEventsAreEventInvalidBeforeTheCatalogsNotFoundAndStoreNothing() {
        bind(ADMIN, "user.human.changed");
        String before = search(ADMIN, "{}").get("pagination").get("totalResult").asText();

        assertError(server.send("POST", EVENTS, ADMIN, "{\"eventType\": \"no.such.type\"}"), 404, 5,
                "Errors.Execution.ConditionInvalid");
        for (String bad : List.of("{\"eventType\": \"no.such.type\", \"payload\": []}", "{}", "{\"eventType\": 7}",
                "{\"eventType\": \"user.human.changed\", \"payload\": \"x\"}",
                "{\"eventType\": \"user.human.changed\", \"sequence\": -1}",
                "{\"eventType\": \"user.human.changed\", \"createdAt\": \"yesterday\"}",
                "{\"eventType\": \"user.human.changed\", \"color\": \"red\"}", "[1]", "{\"eventType\": ")) {
            assertError(server.send("POST", EVENTS, ADMIN, bad), 400, 3, "Errors.Event.Invalid");
        }
        String huge = "{\"eventType\": \"user.human.changed\", \"payload\": {\"x\": \"" + "y".repeat(1 << 20) + "\"}}";
        assertError(server.send("POST", EVENTS, ADMIN, huge), 400, 3, "Errors.Event.Invalid");
        assertError(server.send("POST", EVENTS, RunningServer.without("action.event.write"),
                "{\"eventType\": \"user.human.changed\"}"), 403, 7, "Errors.Permission.Denied");

        assertThat(search(ADMIN, "{}").get("pagination").get("totalResult").asText()).isEqualTo(before);
    }

    @Test
    void aDeadDeliveryIsRetriedOverRestThenDeliveredAndOnlyADeadOneCanBe() throws Exception {
        String t = bind(ADMIN, "session.added");
        status.set(500);
        try {
            server.send("POST", EVENTS, ADMIN, "{\"eventType\": \"session.added\"}");
            JsonNode dead = awaitDelivery(t, "DEAD");
            assertThat(dead.get("attempts").asInt()).isEqualTo(2);
            assertThat(dead.get("lastError").asText()).isEqualTo("HTTP 500");
            String id = dead.get("id").asText();
            status.set(200);

            Answer retried = server.send("POST", "/v2beta/actions/deliveries/" + id + "/_retry", ADMIN, "{}");

            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().get("delivery").get("status").asText()).isIn("PENDING", "SUCCEEDED");
            JsonNode delivered = awaitDelivery(t, "SUCCEEDED");
            assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
            assertError(server.send("POST", "/v2beta/actions/deliveries/" + id + "/_retry", ADMIN, null), 400, 9,
                    "Errors.Delivery.NotDead");
            assertError(server.send("POST", "/v2beta/actions/deliveries/" + id + "/_retry", ADMIN_I2, null), 404, 5,
                    "Errors.Delivery.NotFound");
            assertError(server.send("POST", "/v2beta/actions/deliveries/nope/_retry", ADMIN, null), 404, 5,
                    "Errors.Delivery.NotFound");
            assertError(server.send("POST", "/v2beta/actions/deliveries/" + id + "/_retry",
                    RunningServer.without("action.execution.write"), null), 403, 7, "Errors.Permission.Denied");
        } finally {
            status.set(200);
        }
    }

    @Test
    void malformedDeliveryRequestsAreQueryInvalid() {
        for (String bad : List.of("{\"filters\": [{\"status\": \"LOST\"}]}", "{\"filters\": [{}]}",
                "{\"filters\": [{\"status\": \"DEAD\", \"targetId\": \"x\"}]}", "{\"sort\": 1}",
                "{\"pagination\": {\"limit\": -1}}", "{\"filters\": {}}")) {
            assertError(server.send("POST", SEARCH, ADMIN, bad), 400, 3, "Errors.Query.Invalid");
        }
        assertError(server.send("POST", "/v2beta/actions/deliveries/x/_retry", ADMIN, "{\"now\": true}"), 400, 3,
                "Errors.Query.Invalid");
        assertError(server.send("POST", SEARCH, RunningServer.without("action.execution.read"), "{}"), 403, 7,
                "Errors.Permission.Denied");
    }
}
