package io.executions.domain.api;

import java.time.Instant;

/**
 * The answer of a target command: the date of the change (creation, change or deletion) and the signing
 * key when one was generated (create, rotation), else null.
 */
public record TargetResult(Instant date, String signingKey) {
}
