package io.executions.projections;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the read side answers, per instance. Nothing here ever crosses instances. */
public interface ExecutionQueries {
    /** docs/contract.md ("Resolution"), from the live routing model: no database, no deserialization. */
    Resolution resolve(InstanceId instance, ResolveQuery query);

    /** Resolution as of a past instant, computed from the event store. */
    Resolution resolveAt(InstanceId instance, ResolveQuery query, Instant at);

    /** ListExecutions; {@code query.at()} non-null means as of that instant. */
    ExecutionPage listExecutions(InstanceId instance, ExecutionListQuery query);

    /** Every change of one execution, oldest first; empty for a never-set execution. */
    List<HistoryEntry> history(InstanceId instance, ExecutionId id);

    /** A live (not deleted) target. */
    Optional<TargetView> target(InstanceId instance, TargetId id);

    TargetPage searchTargets(InstanceId instance, TargetSearch search);
}
