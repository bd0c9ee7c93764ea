package io.executions.domain.command;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command-side lookup of one process, in memory. Changes are applied when the unit of work that
 * produced them commits (before the instance lock is released), so a rolled-back command leaves no
 * trace; outside a unit of work (rebuilding from the store) they apply at once.
 */
public final class InMemoryCommandSideLookup implements CommandSideLookup {
    private final Map<InstanceId, InstanceState> instances = new ConcurrentHashMap<>();

    private static final class InstanceState {
        final Map<ExecutionId, List<Entry>> entries = new ConcurrentHashMap<>();
        final Map<ExecutionId, Set<ExecutionId>> includers = new ConcurrentHashMap<>();
        final Map<TargetId, String> targets = new ConcurrentHashMap<>();
        final Map<String, TargetId> names = new ConcurrentHashMap<>();
    }

    private InstanceState state(InstanceId instance) {
        return instances.computeIfAbsent(instance, i -> new InstanceState());
    }

    private static void onCommit(Runnable change) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> change.run());
        } else {
            change.run();
        }
    }

    @Override
    public List<Entry> storedEntries(InstanceId instance, ExecutionId id) {
        return state(instance).entries.getOrDefault(id, List.of());
    }

    @Override
    public Set<ExecutionId> includers(InstanceId instance, ExecutionId id) {
        Set<ExecutionId> set = state(instance).includers.get(id);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    @Override
    public boolean targetExists(InstanceId instance, TargetId id) {
        return state(instance).targets.containsKey(id);
    }

    @Override
    public Optional<TargetId> targetNamed(InstanceId instance, String name) {
        return Optional.ofNullable(state(instance).names.get(name));
    }

    @Override
    public void executionSet(InstanceId instance, ExecutionId id, List<Entry> entries) {
        List<Entry> copy = List.copyOf(entries);
        onCommit(() -> replace(state(instance), id, copy));
    }

    @Override
    public void executionCleared(InstanceId instance, ExecutionId id) {
        onCommit(() -> replace(state(instance), id, List.of()));
    }

    private static void replace(InstanceState state, ExecutionId id, List<Entry> entries) {
        List<Entry> old = state.entries.getOrDefault(id, List.of());
        for (Entry entry : old) {
            if (entry instanceof Entry.Include include) {
                Set<ExecutionId> set = state.includers.get(include.include());
                if (set != null) {
                    set.remove(id);
                }
            }
        }
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include) {
                state.includers.computeIfAbsent(include.include(), k -> ConcurrentHashMap.newKeySet()).add(id);
            }
        }
        if (entries.isEmpty()) {
            state.entries.remove(id);
        } else {
            state.entries.put(id, entries);
        }
    }

    @Override
    public void targetAdded(InstanceId instance, TargetId id, String name) {
        onCommit(() -> {
            InstanceState state = state(instance);
            state.targets.put(id, name);
            state.names.put(name, id);
        });
    }

    @Override
    public void targetRenamed(InstanceId instance, TargetId id, String newName) {
        onCommit(() -> {
            InstanceState state = state(instance);
            String previous = state.targets.put(id, newName);
            if (previous != null && !previous.equals(newName)) {
                state.names.remove(previous, id);
            }
            state.names.put(newName, id);
        });
    }

    @Override
    public void targetRemoved(InstanceId instance, TargetId id, String name) {
        onCommit(() -> {
            InstanceState state = state(instance);
            String previous = state.targets.remove(id);
            if (previous != null) {
                state.names.remove(previous, id);
            }
        });
    }
}
