package io.executions.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

/**
 * Calls {@code restAsync} targets in the background, at most {@code maxInFlight} at once. When that many are
 * in flight, a new one is refused at once ({@code FAILED}, "async calls full") instead of queueing without
 * bound; the chain goes on either way. Each finished call's outcome goes to the listener (metrics, logs).
 * Not durable: a call in flight when the process stops is lost (the durable sink is docs/delivery.md's).
 */
public final class BoundedAsyncSink implements AsyncSink {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedAsyncSink.class);

    private final TargetClient client;
    private final SigningKeySource keys;
    private final Semaphore permits;
    private final int maxInFlight;
    private final BiConsumer<AsyncCall, CallOutcome> listener;

    public BoundedAsyncSink(TargetClient client, SigningKeySource keys, int maxInFlight,
                            BiConsumer<AsyncCall, CallOutcome> listener) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
        this.client = client;
        this.keys = keys;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.listener = listener == null ? (c, o) -> { } : listener;
    }

    @Override
    public CallOutcome submit(AsyncCall call) {
        if (!permits.tryAcquire()) {
            return new CallOutcome(Outcome.FAILED, 0, 0,
                    "async calls full: " + maxInFlight + " already in flight, this one was not started", null);
        }
        List<String> signingKeys = keys.keysFor(call.target().id(), call.target().definition());
        try {
            client.call(new TargetCall(call.target().definition().endpoint(), call.target().definition().timeout(),
                            signingKeys, call.body(), call.contentType(), call.deliveryId()))
                    .whenComplete((outcome, error) -> {
                        permits.release();
                        try {
                            listener.accept(call, outcome != null ? outcome
                                    : new CallOutcome(Outcome.FAILED, 0, 0, String.valueOf(error), null));
                        } catch (RuntimeException e) {
                            LOG.warn("async outcome listener failed for target {}", call.target().id(), e);
                        }
                    });
        } catch (RuntimeException e) {
            permits.release();
            return new CallOutcome(Outcome.FAILED, 0, 0, "async call not started: " + e.getClass().getSimpleName(),
                    null);
        }
        return CallOutcome.started();
    }

    /** Calls in flight now. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }
}
