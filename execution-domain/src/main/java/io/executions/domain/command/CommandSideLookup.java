package io.executions.domain.command;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the set-based checks (rules 8 to 12, unique target names) read. It is owned by the command side:
 * updated by {@link CommandSideLookupProjector} in the same unit of work (and, on a JDBC store, the same
 * transaction) as the events, and read under the instance lock ({@link InstanceLock}), never from the
 * eventually consistent read models.
 */
public interface CommandSideLookup {

    /** The stored list of an execution: empty when never set or cleared. */
    List<Entry> storedEntries(InstanceId instance, ExecutionId id);

    /** The executions whose stored list includes {@code id} directly. */
    Set<ExecutionId> includers(InstanceId instance, ExecutionId id);

    /** True when the target was added and not removed. */
    boolean targetExists(InstanceId instance, TargetId id);

    /**
     * The targets among {@code ids} that exist in the instance (rule 8 for a whole list). A store
     * behind a network overrides it to answer in one round trip.
     */
    default Set<TargetId> existingTargets(InstanceId instance, Collection<TargetId> ids) {
        Set<TargetId> existing = new HashSet<>();
        for (TargetId id : ids) {
            if (targetExists(instance, id)) {
                existing.add(id);
            }
        }
        return existing;
    }

    /**
     * The instance version of docs/safe-change.md: how many execution and target events of the instance are
     * stored. Read under the instance lock, it is exact: the lookup is written in the events' transaction.
     */
    long version(InstanceId instance);

    /** The live target holding {@code name}, if any. */
    Optional<TargetId> targetNamed(InstanceId instance, String name);

    void executionSet(InstanceId instance, ExecutionId id, List<Entry> entries);

    void executionCleared(InstanceId instance, ExecutionId id);

    void targetAdded(InstanceId instance, TargetId id, String name);

    void targetRenamed(InstanceId instance, TargetId id, String newName);

    void targetRemoved(InstanceId instance, TargetId id, String name);
}
