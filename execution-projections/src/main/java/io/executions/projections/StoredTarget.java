package io.executions.projections;

import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.time.Instant;

/** A target as the read model stores it: its definition (null if never known), liveness and last change. */
record StoredTarget(TargetId id, TargetDefinition definition, boolean live, Instant changeDate) {
}
