package io.executions.dispatch;

/**
 * Where {@code restAsync} calls go. It must not block the chain: it accepts the call ({@code STARTED}) or
 * refuses it at once with a {@code FAILED} outcome that says why. The default is
 * {@link BoundedAsyncSink} (in memory, a bounded number in flight); a durable sink (stored deliveries with
 * retries, docs/delivery.md) plugs in here.
 */
@FunctionalInterface
public interface AsyncSink {
    CallOutcome submit(AsyncCall call);
}
