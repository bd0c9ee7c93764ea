package io.executions.projections;

import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.time.Instant;

/** A live target as the targets view shows it. */
public record TargetView(TargetId id, TargetDefinition definition, Instant creationDate, Instant changeDate) {
}
