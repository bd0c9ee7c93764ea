package io.executions.api.delivery;

import io.executions.dispatch.CallOutcome;
import io.executions.dispatch.SigningKeySource;
import io.executions.dispatch.TargetCall;
import io.executions.dispatch.TargetClient;
import io.executions.runtime.DeliveryCall;
import io.executions.runtime.DeliveryOutcome;
import io.executions.dispatch.Dispatcher;
import io.executions.domain.api.PayloadType;
import io.executions.runtime.DeliverySender;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery worker's sender on the dispatcher's {@link TargetClient}: the same HTTP call as a synchronous
 * target (docs/dispatch.md: signature with the target's current keys, deny list checked on the lookup the
 * connection uses, whole-exchange timeout, no redirects), with the delivery's id as
 * {@code X-Executions-Delivery}.
 */
public final class TargetClientSender implements DeliverySender {
    private final TargetClient client;
    private final SigningKeySource keys;
    private final Supplier<Dispatcher> payloads;

    /** A sender for JSON targets only: a delivery to a JWT or JWE target fails (and is retried, then dead). */
    public TargetClientSender(TargetClient client, SigningKeySource keys) {
        this(client, keys, () -> null);
    }

    /**
     * A sender that sends each delivery as its target's payload type wants (JSON, JWT, JWE), encoded by the
     * dispatcher at send time; {@code payloads} may answer null until the dispatcher is built (the engine, and
     * so this sender, comes first); until it answers, deliveries to JWT and JWE targets fail and are retried.
     */
    public TargetClientSender(TargetClient client, SigningKeySource keys, Supplier<Dispatcher> payloads) {
        this.client = Objects.requireNonNull(client, "client");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
    }

    @Override
    public CompletableFuture<DeliveryOutcome> send(DeliveryCall call) {
        byte[] json = call.body().getBytes(StandardCharsets.UTF_8);
        byte[] body = json;
        String contentType = TargetCall.JSON;
        Dispatcher dispatcher = payloads.get();
        if (dispatcher == null && call.target().definition().payloadType() != PayloadType.JSON) {
            // never send a JWT or JWE target plain JSON: the attempt fails and is retried once the dispatcher is up
            return CompletableFuture.completedFuture(new DeliveryOutcome(DeliveryOutcome.FAILED, 0, 0,
                    "the target's payload type needs the dispatcher, which is not ready yet"));
        }
        if (dispatcher != null) {
            Dispatcher.Payload payload;
            try {
                payload = dispatcher.payloadFor(call.instance(), call.target().id(), call.target().definition(), json);
            } catch (RuntimeException e) {
                // e.g. a stored public key the JOSE library refuses: say which, never the payload
                return CompletableFuture.completedFuture(new DeliveryOutcome(DeliveryOutcome.FAILED, 0, 0,
                        "the payload could not be encoded for the target's payload type: " + e.getClass().getSimpleName()));
            }
            if (payload.failure() != null) {
                // nothing is sent: an attempt that failed, retried and dead like any other
                return CompletableFuture.completedFuture(new DeliveryOutcome(DeliveryOutcome.FAILED, 0, 0, payload.failure()));
            }
            body = payload.body();
            contentType = payload.contentType();
        }
        List<String> signingKeys = keys.keysFor(call.target().id(), call.target().definition());
        TargetCall request = new TargetCall(call.target().definition().endpoint(), Duration.ofMillis(call.timeoutMs()),
                signingKeys, body, contentType, call.deliveryId().value());
        return client.call(request).thenApply(TargetClientSender::outcome);
    }

    static DeliveryOutcome outcome(CallOutcome outcome) {
        return new DeliveryOutcome(outcome.outcome().name(), outcome.httpStatus(), outcome.durationMs(),
                outcome.error());
    }
}
