package io.executions.dispatch;

import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;

/** One target's call in a chain: which target, and how its call ended. */
public record TargetOutcome(TargetId targetId, String name, TargetType type, CallOutcome call) {
}
