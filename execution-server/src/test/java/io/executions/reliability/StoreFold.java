package io.executions.reliability;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import io.executions.runtime.Executions;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folds a whole event store in order and checks, after every event, the rules a store must never break
 * (docs/contract.md ("Checks of a call"), rules 8 to 12): an execution names only targets that exist and are not deleted at that
 * moment, includes only executions that are set, no include cycle, no chain longer than
 * {@code maxIncludeDepth}, and no set execution includes a cleared one.
 */
final class StoreFold {
    /** A write found in the store: an execution set ({@code entries} non-empty) or cleared (empty). */
    record Write(InstanceId instance, ExecutionId id, List<Entry> entries, Instant at) {
    }

    /** A target event found in the store. */
    record TargetEvent(InstanceId instance, TargetId id, boolean removed, Instant at) {
    }

    final List<Write> writes = new ArrayList<>();
    private final Set<Write> writeSet = new HashSet<>();
    final List<TargetEvent> targetEvents = new ArrayList<>();
    final Map<InstanceId, Map<ExecutionId, List<Entry>>> state = new HashMap<>();
    int events;

    private final int maxIncludeDepth;
    private final Map<InstanceId, Set<TargetId>> liveTargets = new HashMap<>();

    private StoreFold(int maxIncludeDepth) {
        this.maxIncludeDepth = maxIncludeDepth;
    }

    /** Reads every event of the engine's store and folds it, failing at the first broken rule. */
    static StoreFold of(Executions engine) {
        StoreFold fold = new StoreFold(engine.limits().maxIncludeDepth());
        try (BlockingStream<TrackedEventMessage<?>> stream = engine.axonConfiguration().eventStore().openStream(null)) {
            while (stream.hasNextAvailable()) {
                fold.apply(stream.nextAvailable().getPayload());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return fold;
    }

    private void apply(Object event) {
        events++;
        String where = "event " + events + " (" + event + ")";
        if (event instanceof TargetAdded added) {
            liveTargets.computeIfAbsent(added.instance(), i -> new HashSet<>()).add(added.targetId());
            targetEvents.add(new TargetEvent(added.instance(), added.targetId(), false, added.at()));
        } else if (event instanceof TargetRemoved removed) {
            liveTargets.computeIfAbsent(removed.instance(), i -> new HashSet<>()).remove(removed.targetId());
            targetEvents.add(new TargetEvent(removed.instance(), removed.targetId(), true, removed.at()));
        } else if (event instanceof ExecutionSet set) {
            Map<ExecutionId, List<Entry>> executions = state.computeIfAbsent(set.instance(), i -> new HashMap<>());
            Set<TargetId> targets = liveTargets.getOrDefault(set.instance(), Set.of());
            for (Entry entry : set.entries()) {
                if (entry instanceof Entry.Target t) {
                    assertThat(targets).as("%s names a target that does not exist or is deleted", where)
                            .contains(t.target());
                } else if (entry instanceof Entry.Include include) {
                    assertThat(executions).as("%s includes an execution that is not set", where)
                            .containsKey(include.include());
                }
            }
            executions.put(set.executionId(), set.entries());
            record(new Write(set.instance(), set.executionId(), set.entries(), set.at()));
            checkGraph(set.instance(), where);
        } else if (event instanceof ExecutionCleared cleared) {
            Map<ExecutionId, List<Entry>> executions = state.computeIfAbsent(cleared.instance(), i -> new HashMap<>());
            assertThat(executions).as("%s clears an execution that is not set", where).containsKey(cleared.executionId());
            executions.remove(cleared.executionId());
            record(new Write(cleared.instance(), cleared.executionId(), List.of(), cleared.at()));
            checkGraph(cleared.instance(), where);
        }
    }

    private void record(Write write) {
        writes.add(write);
        writeSet.add(write);
    }

    private void checkGraph(InstanceId instance, String where) {
        Map<ExecutionId, List<Entry>> executions = state.get(instance);
        for (Map.Entry<ExecutionId, List<Entry>> execution : executions.entrySet()) {
            for (ExecutionId include : includes(execution.getValue())) {
                assertThat(executions).as("%s: %s includes the cleared execution %s", where, execution.getKey(),
                        include).containsKey(include);
            }
        }
        for (ExecutionId id : executions.keySet()) {
            assertThat(longestChain(id, executions, new HashSet<>(), where)).as("%s: longest chain from %s", where, id)
                    .isLessThanOrEqualTo(maxIncludeDepth);
        }
    }

    /** The longest include chain starting at {@code id}, counted in executions; fails on a cycle. */
    private static int longestChain(ExecutionId id, Map<ExecutionId, List<Entry>> executions, Set<ExecutionId> path,
                                    String where) {
        assertThat(path.add(id)).as("%s: include cycle through %s via %s", where, id, path).isTrue();
        int longest = 1;
        for (ExecutionId include : includes(executions.getOrDefault(id, List.of()))) {
            longest = Math.max(longest, 1 + longestChain(include, executions, path, where));
        }
        path.remove(id);
        return longest;
    }

    static List<ExecutionId> includes(List<Entry> entries) {
        List<ExecutionId> includes = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include) {
                includes.add(include.include());
            }
        }
        return includes;
    }

    /**
     * Whether an acknowledged SetExecution answer is backed by the store: some write of that execution
     * with exactly these entries at exactly the answered {@code setDate} (an unchanged list answers the
     * time of the earlier write that set it).
     */
    boolean holds(InstanceId instance, ExecutionId id, List<Entry> entries, Instant setDate) {
        return writeSet.contains(new Write(instance, id, List.copyOf(entries), setDate));
    }

    boolean holdsTarget(InstanceId instance, TargetId id, boolean removed) {
        for (TargetEvent e : targetEvents) {
            if (e.instance().equals(instance) && e.id().equals(id) && e.removed() == removed) {
                return true;
            }
        }
        return false;
    }
}
