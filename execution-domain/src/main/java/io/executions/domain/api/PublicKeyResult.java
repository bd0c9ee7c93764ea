package io.executions.domain.api;

import java.time.Instant;

/** The answer of a public-key command: the key's id and the date of the change (or of the last one). */
public record PublicKeyResult(String keyId, Instant date) {
}
