package io.executions.domain.policy;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What SetExecution's rules 8 to 12 read of one instance: live targets, stored lists and the reverse
 * include index. The aggregate reads it from the command-side lookup under the instance lock; a plan
 * reads it from the read model, with a proposed change laid over it.
 */
public interface DecisionState extends IncludeGraph {
    /** The targets among {@code ids} that exist (added and not removed). */
    Set<TargetId> existingTargets(Collection<TargetId> ids);

    /** The stored list of an execution: empty when never set or cleared. */
    List<Entry> storedEntries(ExecutionId id);

    @Override
    default Collection<ExecutionId> includesOf(ExecutionId id) {
        List<ExecutionId> includes = new ArrayList<>();
        for (Entry entry : storedEntries(id)) {
            if (entry instanceof Entry.Include include) {
                includes.add(include.include());
            }
        }
        return includes;
    }
}
