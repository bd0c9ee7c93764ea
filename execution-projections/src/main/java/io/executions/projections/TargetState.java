package io.executions.projections;

import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.time.Instant;

/** One target of an instance as its events left it. Guarded by the instance's lock ({@link InstanceModel}). */
final class TargetState {
    TargetDefinition definition;
    Instant creationDate;
    Instant changeDate;
    boolean deleted;
    long version;

    boolean live() {
        return !deleted && definition != null;
    }

    TargetView view(TargetId id) {
        return new TargetView(id, definition, creationDate, changeDate);
    }
}
