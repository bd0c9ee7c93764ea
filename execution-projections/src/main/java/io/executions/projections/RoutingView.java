package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.util.List;
import java.util.Map;

/**
 * A read-only, consistent copy of one instance's routing state: every execution's stored list and every
 * live target's definition, as of one moment. Lists and definitions are immutable and shared with the live
 * model (the copy is two maps of references), so a what-if computation can overlay a hypothetical change
 * and flatten with {@link Flattening#fromScratch} without touching the live model.
 *
 * @param entries every known execution's stored list (an empty list for a cleared one)
 * @param targets every live target's definition (deleted targets are absent)
 */
public record RoutingView(Map<ExecutionId, List<Entry>> entries, Map<TargetId, TargetDefinition> targets) {
    public static final RoutingView EMPTY = new RoutingView(Map.of(), Map.of());

    public RoutingView {
        entries = Map.copyOf(entries);
        targets = Map.copyOf(targets);
    }

    /** The stored list of an execution, empty when it does not exist. */
    public List<Entry> storedEntries(ExecutionId id) {
        return entries.getOrDefault(id, List.of());
    }

    /** The definition of a live target, null for a deleted or unknown one. */
    public TargetDefinition liveTarget(TargetId id) {
        return targets.get(id);
    }

    /** The flattened list of an execution in this state (docs/contract.md "Resolution"). */
    public List<ResolvedTarget> flattened(ExecutionId id) {
        return Flattening.fromScratch(id, this::storedEntries, this::liveTarget);
    }
}
