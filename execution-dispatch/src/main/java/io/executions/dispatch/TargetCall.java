package io.executions.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP call to make: where, how long it may take in all, the plaintext signing keys to sign with (one,
 * or two during a rotation; none sends no signature), the raw body, its content type and the delivery id
 * (stable across retries of one delivery).
 */
public record TargetCall(String endpoint, Duration timeout, List<String> signingKeys, byte[] body,
                         String contentType, String deliveryId) {
    public static final String JSON = "application/json";

    public TargetCall {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(timeout, "timeout");
        signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
        Objects.requireNonNull(body, "body");
        contentType = contentType == null ? JSON : contentType;
        Objects.requireNonNull(deliveryId, "deliveryId");
    }

    @Override
    public String toString() {
        // keys and body never appear in a log line
        return "TargetCall[" + endpoint + ", timeout=" + timeout + ", delivery=" + deliveryId + "]";
    }
}
