package io.executions.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * Makes one attempt of a delivery: one HTTP call of the target with docs/dispatch.md's semantics
 * (signature, {@code X-Executions-Delivery: <call.deliveryId()>}, the target's timeout, no redirects).
 * The standalone server plugs in the dispatcher's target client; {@link HttpDeliverySender} is a plain
 * JDK implementation for hosts and tests. The future must complete (normally) within the target's
 * timeout; an exceptional completion counts as a failed attempt.
 */
@FunctionalInterface
public interface DeliverySender {
    CompletableFuture<DeliveryOutcome> send(DeliveryCall call);
}
