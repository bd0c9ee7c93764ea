package io.executions.domain.command;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import io.executions.domain.policy.DecisionState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lookup reads of one command's checks, each made at most once: rules 9 to 12 ask for the same
 * stored lists and includer sets (the depth check and rule 12 both read the includers of the execution
 * itself), and on a database every read is a round trip. Valid only for the command that created it,
 * which holds the instance lock, so the lookup cannot change under it.
 */
final class LookupReads implements DecisionState {
    private final CommandSideLookup lookup;
    private final InstanceId instance;
    private final Map<ExecutionId, List<Entry>> stored = new HashMap<>();
    private final Map<ExecutionId, Set<ExecutionId>> includers = new HashMap<>();

    LookupReads(CommandSideLookup lookup, InstanceId instance) {
        this.lookup = lookup;
        this.instance = instance;
    }

    @Override
    public Set<TargetId> existingTargets(Collection<TargetId> ids) {
        return lookup.existingTargets(instance, ids);
    }

    @Override
    public List<Entry> storedEntries(ExecutionId id) {
        return stored.computeIfAbsent(id, key -> lookup.storedEntries(instance, key));
    }

    @Override
    public Collection<ExecutionId> includesOf(ExecutionId id) {
        List<ExecutionId> includes = new ArrayList<>();
        for (Entry entry : storedEntries(id)) {
            if (entry instanceof Entry.Include include) {
                includes.add(include.include());
            }
        }
        return includes;
    }

    @Override
    public Set<ExecutionId> includersOf(ExecutionId id) {
        return includers.computeIfAbsent(id, key -> lookup.includers(instance, key));
    }
}
