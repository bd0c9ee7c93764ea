package io.executions.runtime;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link DeliverySender} on the JDK's HTTP client: POSTs the body as JSON with
 * {@code ZITADEL-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing key, "<t>.<body>")>} and
 * {@code X-Executions-Delivery}, follows no redirect, bounds the whole exchange by the call's timeout,
 * and counts any 2xx as delivered. It checks no endpoint deny list and expects the target's signing key
 * in clear: the standalone server uses the dispatcher's target client instead.
 */
public final class HttpDeliverySender implements DeliverySender {
    private final HttpClient client;
    private final Clock clock;

    public HttpDeliverySender() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build(), Clock.systemUTC());
    }

    public HttpDeliverySender(HttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<DeliveryOutcome> send(DeliveryCall call) {
        long started = System.nanoTime();
        HttpRequest request;
        try {
            long t = clock.instant().getEpochSecond();
            request = HttpRequest.newBuilder(URI.create(call.target().definition().endpoint()))
                    .timeout(Duration.ofMillis(call.timeoutMs()))
                    .header("Content-Type", "application/json")
                    .header("ZITADEL-Signature", signature(call.target().definition().signingKey(), t, call.body()))
                    .header("X-Executions-Delivery", call.deliveryId().value())
                    .POST(HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8))
                    .build();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.failed(0, 0, e.toString()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(call.timeoutMs(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    if (error == null) {
                        int status = response.statusCode();
                        return status >= 200 && status < 300 ? DeliveryOutcome.ok(status, ms)
                                : DeliveryOutcome.failed(status, ms, "HTTP " + status);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                        return DeliveryOutcome.timeout(ms, "no answer within " + call.timeoutMs() + " ms");
                    }
                    return DeliveryOutcome.failed(0, ms, cause.toString());
                });
    }

    /** docs/dispatch.md's signature header value. */
    public static String signature(String signingKey, long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException("could not sign the delivery", e);
        }
    }
}
