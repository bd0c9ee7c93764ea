package io.executions.projections;

import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Event application: what the events of one instance stored, each event applied at most once keyed by
 * (aggregate identifier, sequence number). Knows nothing of flattening; reports each change to its
 * {@link Listener}. Guarded by the instance's lock ({@link InstanceModel}).
 */
final class StoredState {
    /** What the flattening side needs to hear about a change of the stored state. */
    interface Listener {
        /** A new execution exists (called once per execution, before its first list change). */
        void executionCreated(ExecutionState exec);

        /** An execution's stored list changed from {@code before} to {@code exec.entries}. */
        void entriesChanged(ExecutionState exec, List<Entry> before);

        /** A target was added, changed or removed. */
        void targetChanged(TargetId target);
    }

    /** Highest sequence number applied per aggregate identifier. */
    /** Not final only so that {@link #reserveApplied} and {@link #reserveExecutions} can size them for a snapshot's load; never replaced once filled. */
    Map<String, Long> applied = new HashMap<>();
    Map<String, ExecutionState> executions = new HashMap<>();
    final Map<TargetId, TargetState> targets = new HashMap<>();
    /**
     * Every execution with a change date, ordered by it (then by key), so that "changed after an instant" (diff
     * and revert, docs/safe-change.md) costs the executions changed since, not a scan of the instance: at 100k
     * executions the scan was 27 ms of CPU per diff. An execution's change date is only ever set through
     * {@link #setChangeDate}, which keeps this order. Null after a snapshot's load until first needed
     * ({@link #ensureChangeIndex}, under the write lock): at 100k executions building it was a fifth of the
     * load's CPU, and only diff and revert read it.
     */
    private NavigableSet<ExecutionState> byChangeDate = new TreeSet<>(BY_CHANGE_DATE);
    private final Listener listener;

    /** The probe of {@link #changedAfter} has no id; it sorts before every execution of its date. */
    private static final Comparator<ExecutionState> BY_CHANGE_DATE = Comparator
            .comparing((ExecutionState exec) -> exec.changeDate)
            .thenComparing(exec -> exec.id == null ? "" : exec.id.value());

    StoredState(Listener listener) {
        this.listener = listener;
    }

    /** Whether an event of this aggregate and sequence was applied already. */
    boolean isApplied(String aggregateId, long sequence) {
        Long last = applied.get(aggregateId);
        return last != null && sequence <= last;
    }

    /** Records an event as applied; only after it was applied in full, so a failed one is applied again. */
    void markApplied(String aggregateId, long sequence) {
        applied.put(aggregateId, sequence);
    }

    /**
     * A late event older than what was applied (possible when another process's event arrives through the
     * tracking projector after this process's newer one) changes no state; it only contributes the creation
     * dates it carries, which is idempotent.
     */
    void absorbLate(Object payload) {
        if (payload instanceof ExecutionSet e) {
            ExecutionState exec = executions.get(e.executionId().value());
            if (exec != null) {
                exec.creationDate = earliest(exec.creationDate, e.at());
            }
        } else if (payload instanceof TargetAdded e) {
            TargetState tgt = targets.get(e.targetId());
            if (tgt != null) {
                tgt.creationDate = earliest(tgt.creationDate, e.at());
            }
        }
    }

    void apply(Object payload, long sequence) {
        if (payload instanceof ExecutionSet e) {
            ExecutionState exec = execution(e.executionId(), e.condition());
            List<Entry> before = exec.entries;
            exec.entries = e.entries();
            exec.creationDate = earliest(exec.creationDate, e.at());
            setChangeDate(exec, e.at());
            exec.version = sequence;
            listener.entriesChanged(exec, before);
        } else if (payload instanceof ExecutionCleared e) {
            ExecutionState exec = execution(e.executionId(), e.condition());
            List<Entry> before = exec.entries;
            exec.entries = List.of();
            setChangeDate(exec, e.at());
            exec.version = sequence;
            listener.entriesChanged(exec, before);
        } else if (payload instanceof TargetAdded e) {
            TargetState tgt = target(e.targetId());
            tgt.definition = e.definition();
            tgt.deleted = false;
            tgt.creationDate = e.at();
            tgt.changeDate = e.at();
            tgt.version = sequence;
            listener.targetChanged(e.targetId());
        } else if (payload instanceof TargetChanged e) {
            TargetState tgt = target(e.targetId());
            tgt.definition = e.definition();
            tgt.changeDate = e.at();
            tgt.version = sequence;
            listener.targetChanged(e.targetId());
        } else if (payload instanceof TargetRemoved e) {
            TargetState tgt = target(e.targetId());
            tgt.deleted = true;
            tgt.changeDate = e.at();
            tgt.version = sequence;
            listener.targetChanged(e.targetId());
        } else {
            throw new IllegalArgumentException("not a read-model event: " + payload.getClass().getName());
        }
    }

    /** Sets an execution's change date and keeps {@link #byChangeDate} in order. */
    private void setChangeDate(ExecutionState exec, Instant date) {
        ensureChangeIndex();
        if (exec.changeDate != null) {
            byChangeDate.remove(exec);
        }
        exec.changeDate = date;
        if (date != null) {
            byChangeDate.add(exec);
        }
    }

    /** Adds an execution read back from a snapshot, with its dates already set. */
    void restore(ExecutionState exec) {
        executions.put(exec.key(), exec);
        byChangeDate = null;
    }

    /** Sizes the applied-sequence map for a snapshot's load; only while it is empty. */
    void reserveApplied(int aggregates) {
        if (applied.isEmpty()) {
            applied = new HashMap<>(capacity(aggregates));
        }
    }

    /** Sizes the execution map for a snapshot's load; only while it is empty. */
    void reserveExecutions(int count) {
        if (executions.isEmpty()) {
            executions = new HashMap<>(capacity(count));
        }
    }

    private static int capacity(int entries) {
        return (int) Math.min(1 << 30, entries / 0.75 + 1);
    }

    /** Whether the index by change date is there (false after a snapshot's load, until first needed). */
    boolean hasChangeIndex() {
        return byChangeDate != null;
    }

    /** Builds the index by change date when it is not there. Under the write lock. */
    void ensureChangeIndex() {
        if (byChangeDate == null) {
            byChangeDate = buildChangeIndex();
        }
    }

    /** The index by change date, built aside: it only reads, so it may run under the read lock. */
    NavigableSet<ExecutionState> buildChangeIndex() {
        NavigableSet<ExecutionState> index = new TreeSet<>(BY_CHANGE_DATE);
        for (ExecutionState exec : executions.values()) {
            if (exec.changeDate != null) {
                index.add(exec);
            }
        }
        return index;
    }

    /**
     * Installs an index built by {@link #buildChangeIndex} unless one is there. Under the write lock; correct
     * although the state may have changed since it was built, as every change of a change date first builds
     * the index itself ({@link #setChangeDate}).
     */
    void installChangeIndex(NavigableSet<ExecutionState> index) {
        if (byChangeDate == null) {
            byChangeDate = index;
        }
    }

    /**
     * The executions whose last change is strictly after {@code since}, oldest change first. Needs the index
     * ({@link #ensureChangeIndex}).
     */
    List<ExecutionState> changedAfter(Instant since) {
        if (since.equals(Instant.MAX)) {
            return List.of();
        }
        ExecutionState probe = new ExecutionState(null);
        probe.changeDate = since.plusNanos(1); // dates are whole nanoseconds: after since = at since + 1 ns or later
        return new ArrayList<>(byChangeDate.tailSet(probe, true));
    }

    /** The definition of a live target, null for a deleted or unknown one. */
    TargetDefinition liveTarget(TargetId id) {
        TargetState tgt = targets.get(id);
        return tgt == null || !tgt.live() ? null : tgt.definition;
    }

    /** The stored list of an execution, empty for an unknown one. */
    List<Entry> entries(ExecutionId id) {
        ExecutionState exec = executions.get(id.value());
        return exec == null ? List.of() : exec.entries;
    }

    private ExecutionState execution(ExecutionId id, Condition condition) {
        ExecutionState exec = executions.get(id.value());
        if (exec == null) {
            exec = new ExecutionState(id);
            exec.condition = condition;
            executions.put(id.value(), exec);
            listener.executionCreated(exec);
        }
        exec.condition = condition;
        return exec;
    }

    private TargetState target(TargetId id) {
        return targets.computeIfAbsent(id, k -> new TargetState());
    }

    static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }
}
