package io.executions.api.delivery;

import io.executions.dispatch.AsyncCall;
import io.executions.dispatch.AsyncSink;
import io.executions.dispatch.CallOutcome;
import io.executions.dispatch.Outcome;
import io.executions.domain.api.ExecutionId;
import io.executions.runtime.Deliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The durable path of {@code restAsync} targets (docs/delivery.md): each call becomes a stored delivery, retried
 * with backoff by the delivery worker and kept as a dead letter after its last attempt, instead of one attempt
 * in memory. The chain sees {@code STARTED} once the delivery is committed; if it cannot be stored the chain sees
 * {@code FAILED} with the reason (the call is never silently dropped).
 */
public final class DurableAsyncSink implements AsyncSink {
    private static final Logger LOG = LoggerFactory.getLogger(DurableAsyncSink.class);
    private final Deliveries deliveries;

    public DurableAsyncSink(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public CallOutcome submit(AsyncCall call) {
        try {
            ExecutionId matched = call.target().via().isEmpty() ? ExecutionId.parse("request")
                    : call.target().via().get(0);
            deliveries.scheduleCall(call.instance(), call.target().id(), matched,
                    // the plain JSON: the sender encodes it as the target's payload type at send time
                    new String(call.json(), StandardCharsets.UTF_8), call.deliveryId(), "dispatcher");
            return CallOutcome.started();
        } catch (RuntimeException e) {
            LOG.warn("could not store the async call {} as a delivery: {}", call, e.toString());
            return new CallOutcome(Outcome.FAILED, 0, 0, "could not store the async call for delivery", null);
        }
    }
}
