package io.executions.api.delivery;

import io.executions.dispatch.CallOutcome;
import io.executions.dispatch.SigningKeySource;
import io.executions.dispatch.TargetCall;
import io.executions.dispatch.TargetClient;
import io.executions.runtime.DeliveryCall;
import io.executions.runtime.DeliveryOutcome;
import io.executions.runtime.DeliverySender;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery worker's sender on the dispatcher's {@link TargetClient}: the same HTTP call as a synchronous
 * target (SPEC section 11: signature with the target's current keys, deny list checked on the lookup the
 * connection uses, whole-exchange timeout, no redirects), with the delivery's id as
 * {@code X-Executions-Delivery}.
 */
public final class TargetClientSender implements DeliverySender {
    private final TargetClient client;
    private final SigningKeySource keys;

    public TargetClientSender(TargetClient client, SigningKeySource keys) {
        this.client = client;
        this.keys = keys;
    }

    @Override
    public CompletableFuture<DeliveryOutcome> send(DeliveryCall call) {
        List<String> signingKeys = keys.keysFor(call.target().id(), call.target().definition());
        TargetCall request = new TargetCall(call.target().definition().endpoint(), Duration.ofMillis(call.timeoutMs()),
                signingKeys, call.body().getBytes(StandardCharsets.UTF_8), TargetCall.JSON, call.deliveryId().value());
        return client.call(request).thenApply(TargetClientSender::outcome);
    }

    static DeliveryOutcome outcome(CallOutcome outcome) {
        return new DeliveryOutcome(outcome.outcome().name(), outcome.httpStatus(), outcome.durationMs(),
                outcome.error());
    }
}
