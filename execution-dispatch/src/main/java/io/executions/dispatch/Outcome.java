package io.executions.dispatch;

/** How one call of a target ended (docs/dispatch.md, {@code _invoke}'s {@code outcome}). */
public enum Outcome {
    /** A 2xx answer (for a call target: and, when it had a body, a body that parsed). */
    OK,
    /** A non-2xx answer (a 3xx included: redirects are never followed), a connection error, a bad body. */
    FAILED,
    /** The whole exchange did not finish within the target's timeout. */
    TIMEOUT,
    /** The endpoint is, or resolved into, the deny list; nothing was sent. */
    DENIED,
    /** An async target that was started and is not awaited. */
    STARTED;

    /** {@code TIMEOUT} and {@code DENIED} count as failures for {@code interruptOnError}, like {@code FAILED}. */
    public boolean isFailure() {
        return this == FAILED || this == TIMEOUT || this == DENIED;
    }
}
