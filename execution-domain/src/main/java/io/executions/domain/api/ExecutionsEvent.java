package io.executions.domain.api;

import java.time.Instant;

/** Every event of this library: it belongs to one instance and says who did it and when. */
public sealed interface ExecutionsEvent permits ExecutionSet, ExecutionCleared, TargetAdded, TargetChanged,
        TargetRemoved {
    InstanceId instance();

    /** The acting user's id, as the host gave it. */
    String actor();

    Instant at();
}
