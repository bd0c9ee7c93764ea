package io.executions.api.service;

import io.executions.domain.api.TargetId;

import java.time.Instant;

/** The answer of CreateTarget: the generated id, the creation date and the signing key. */
public record CreatedTarget(TargetId id, Instant creationDate, String signingKey) {
}
