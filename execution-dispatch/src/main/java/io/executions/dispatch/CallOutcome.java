package io.executions.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The result of one HTTP call of a target.
 *
 * @param outcome    how it ended
 * @param httpStatus the answer's status, 0 when there was no answer (timeout, denied, connection error)
 * @param durationMs wall time from the start of the call (lookup included) to its end
 * @param error      a readable reason for a failure, empty when {@code OK}; never contains the payload or a key
 * @param body       the answer's body (empty when there was none); the caller decides what it means
 */
public record CallOutcome(Outcome outcome, int httpStatus, long durationMs, String error, byte[] body) {
    private static final byte[] NONE = new byte[0];

    public CallOutcome {
        error = error == null ? "" : error;
        body = body == null ? NONE : body;
    }

    public static CallOutcome started() {
        return new CallOutcome(Outcome.STARTED, 0, 0, "", NONE);
    }

    public boolean isFailure() {
        return outcome.isFailure();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The same outcome turned into a failure with another reason (e.g. a call target's body did not parse). */
    public CallOutcome asFailure(String reason) {
        return new CallOutcome(Outcome.FAILED, httpStatus, durationMs, reason, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOutcome other && outcome == other.outcome && httpStatus == other.httpStatus
                && durationMs == other.durationMs && error.equals(other.error) && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * outcome.hashCode() + httpStatus) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        // the body is left out on purpose: it may carry personal data (keys and payloads are never logged)
        return "CallOutcome[" + outcome + ", status=" + httpStatus + ", " + durationMs + " ms"
                + (error.isEmpty() ? "" : ", " + error) + ", body " + body.length + " bytes]";
    }
}
