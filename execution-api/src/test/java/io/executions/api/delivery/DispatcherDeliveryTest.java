package io.executions.api.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import io.executions.dispatch.CallContext;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.JwtSigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.executions.domain.api.PayloadType;
import io.executions.dispatch.SignatureVerifier;
import io.executions.dispatch.SigningKeySource;
import io.executions.dispatch.TargetClient;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.DeliveryConfig;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryView;
import io.executions.runtime.Executions;
import io.executions.domain.api.HostEvent;
import io.executions.runtime.StorageConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery worker on the dispatcher's {@link TargetClient} (signature, delivery id), and restAsync targets
 * of a request chain taking the durable path through {@link DurableAsyncSink}: stored, retried, delivered.
 */
class DispatcherDeliveryTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final String METHOD = "/test.v1.Svc/Do";

    record Seen(String deliveryId, String signature, byte[] body, String contentType) {
    }

    private HttpServer receiver;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private TargetClient client;
    private Executions engine;
    private final java.util.concurrent.atomic.AtomicReference<Dispatcher> payloads =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static final JwtSigner JWT = JwtSigner.generate();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("X-Executions-Delivery"),
                    exchange.getRequestHeaders().getFirst("ZITADEL-Signature"), body,
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.sendResponseHeaders(failFirst.getAndDecrement() > 0 ? 502 : 200, -1);
            exchange.close();
        });
        receiver.start();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        engine = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of("test.v1.Svc", List.of("Do")), List.of("user.human.added"),
                        List.of()))
                .delivery(DeliveryConfig.builder().initialBackoff(Duration.ofMillis(20))
                        .maxBackoff(Duration.ofMillis(50)).pollInterval(Duration.ofMillis(20))
                        .sender(new TargetClientSender(client, SigningKeySource.AS_STORED, payloads::get)).build())
                .build();
    }

    @AfterEach
    void stop() {
        engine.close();
        client.close();
        receiver.stop(0);
    }

    private String target(String id, TargetType type) {
        return target(id, type, PayloadType.JSON);
    }

    private String target(String id, TargetType type, PayloadType payloadType) {
        return engine.createTarget(new CreateTarget(I1, TargetId.of(id), "t-" + id, type, false,
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + id, Duration.ofSeconds(2), "u1",
                payloadType)).signingKey();
    }

    private Dispatcher dispatcher() {
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.queries()).client(client).jwtSigner(JWT)
                .asyncSink(new DurableAsyncSink(engine.deliveries())).build();
        payloads.set(dispatcher);
        return dispatcher;
    }

    /** The claims of a JWT body after checking its signature against the dispatcher's published JWKS. */
    private static Map<String, Object> verifiedClaims(Dispatcher dispatcher, byte[] body) throws Exception {
        SignedJWT jwt = SignedJWT.parse(new String(body, StandardCharsets.UTF_8));
        RSAKey published = (RSAKey) JWKSet.parse(dispatcher.jwksJson()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(published))).as("signature against the JWKS").isTrue();
        return jwt.getJWTClaimsSet().getClaims();
    }

    @Test
    void aPublishedEventToAJwtTargetIsDeliveredAsAJwtVerifiableWithTheJwks() throws Exception {
        Dispatcher dispatcher = dispatcher();
        String key = target("J1", TargetType.REST_WEBHOOK, PayloadType.JWT);
        engine.setExecution(new SetExecution(I1, Condition.event("user.human.added"), List.of(Entry.target("J1")),
                "u1"));

        engine.deliveries().publish(I1, HostEvent.of("user.human.added", "{\"id\":7}"), "u1");

        await(() -> !log().isEmpty() && log().get(0).status() == DeliveryStatus.SUCCEEDED);
        Seen request = seen.get(0);
        assertThat(request.contentType()).isEqualTo(JwtSigner.CONTENT_TYPE);
        assertThat(verifiedClaims(dispatcher, request.body())).containsEntry("event_type", "user.human.added");
        assertThat(SignatureVerifier.withDefaults().isValid(request.signature(), request.body(), key)).isTrue();
    }

    @Test
    void aRestAsyncJwtTargetOfARequestChainIsStoredAsJsonAndDeliveredAsAJwt() throws Exception {
        Dispatcher dispatcher = dispatcher();
        target("J2", TargetType.REST_ASYNC, PayloadType.JWT);
        engine.setExecution(new SetExecution(I1, Condition.requestMethod(METHOD), List.of(Entry.target("J2")), "u1"));

        dispatcher.request(I1, new CallContext(METHOD, "o1", "p1", "u1", Map.of()),
                JsonNodeFactory.instance.objectNode().put("name", "x")).get(10, TimeUnit.SECONDS);

        await(() -> !log().isEmpty() && log().get(0).status() == DeliveryStatus.SUCCEEDED);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).contentType()).isEqualTo(JwtSigner.CONTENT_TYPE);
        assertThat(verifiedClaims(dispatcher, seen.get(0).body())).containsEntry("fullMethod", METHOD);
    }

    @Test
    void aJwtTargetIsNeverSentPlainJsonWhileTheDispatcherIsNotReady() throws Exception {
        target("J3", TargetType.REST_WEBHOOK, PayloadType.JWT);
        engine.setExecution(new SetExecution(I1, Condition.event("user.human.added"), List.of(Entry.target("J3")),
                "u1"));

        engine.deliveries().publish(I1, HostEvent.of("user.human.added", "{\"id\":8}"), "u1");

        await(() -> !log().isEmpty() && log().get(0).attempts() >= 2);
        assertThat(seen).as("nothing sent before the dispatcher can encode it").isEmpty();
        Dispatcher dispatcher = dispatcher();
        await(() -> log().get(0).status() == DeliveryStatus.SUCCEEDED);
        assertThat(verifiedClaims(dispatcher, seen.get(0).body())).containsEntry("event_type", "user.human.added");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private List<DeliveryView> log() {
        return engine.deliveries().search(I1, DeliverySearch.all()).deliveries();
    }

    @Test
    void publishedEventsAreSignedByTheTargetClientAndKeepTheirDeliveryIdAcrossRetries() throws Exception {
        String key = target("T1", TargetType.REST_WEBHOOK);
        engine.setExecution(new SetExecution(I1, Condition.event("user.human.added"), List.of(Entry.target("T1")),
                "u1"));
        failFirst.set(2);

        engine.deliveries().publish(I1, HostEvent.of("user.human.added", "{\"id\":1}"), "u1");

        await(() -> !log().isEmpty() && log().get(0).status() == DeliveryStatus.SUCCEEDED);
        assertThat(seen).hasSize(3);
        assertThat(seen).extracting(Seen::deliveryId).containsOnly(log().get(0).id().value());
        for (Seen request : seen) {
            assertThat(SignatureVerifier.withDefaults().isValid(request.signature(), request.body(), key)).isTrue();
        }
    }

    @Test
    void aRestAsyncTargetOfARequestChainIsStoredAsADeliveryAndDeliveredWithRetries() throws Exception {
        target("A1", TargetType.REST_ASYNC);
        engine.setExecution(new SetExecution(I1, Condition.requestMethod(METHOD), List.of(Entry.target("A1")), "u1"));
        failFirst.set(1);
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.queries()).client(client)
                .asyncSink(new DurableAsyncSink(engine.deliveries())).build();

        ChainResult result = dispatcher.request(I1, new CallContext(METHOD, "o1", "p1", "u1", Map.of()),
                JsonNodeFactory.instance.objectNode().put("name", "x")).get(10, TimeUnit.SECONDS);

        assertThat(result.calls()).hasSize(1);
        assertThat(result.calls().get(0).call().outcome().name()).isEqualTo("STARTED");
        await(() -> !log().isEmpty() && log().get(0).status() == DeliveryStatus.SUCCEEDED);
        DeliveryView delivery = log().get(0);
        assertThat(delivery.attempts()).isEqualTo(2);
        assertThat(delivery.eventType()).isEqualTo("request/test.v1.Svc/Do");
        assertThat(seen).extracting(Seen::deliveryId).containsOnly(delivery.id().value());
        assertThat(new String(seen.get(0).body(), StandardCharsets.UTF_8)).contains("\"fullMethod\":\"" + METHOD + "\"");
    }
}
