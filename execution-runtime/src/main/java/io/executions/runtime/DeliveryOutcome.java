package io.executions.runtime;

/**
 * What one attempt gave: {@code outcome} is {@code OK} (any 2xx answer), {@code FAILED}, {@code TIMEOUT} or
 * {@code DENIED} (docs/dispatch.md); {@code httpStatus} 0 when there was no answer; {@code error} empty on
 * success.
 */
public record DeliveryOutcome(String outcome, int httpStatus, long durationMs, String error) {
    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String DENIED = "DENIED";

    public DeliveryOutcome {
        java.util.Objects.requireNonNull(outcome, "outcome");
        error = error == null ? "" : error;
    }

    public boolean delivered() {
        return OK.equals(outcome);
    }

    public static DeliveryOutcome ok(int httpStatus, long durationMs) {
        return new DeliveryOutcome(OK, httpStatus, durationMs, "");
    }

    public static DeliveryOutcome failed(int httpStatus, long durationMs, String error) {
        return new DeliveryOutcome(FAILED, httpStatus, durationMs, error);
    }

    public static DeliveryOutcome timeout(long durationMs, String error) {
        return new DeliveryOutcome(TIMEOUT, 0, durationMs, error);
    }
}
