package io.executions.projections;

import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;

import java.time.Instant;
import java.util.List;

/**
 * One execution of an instance: what its events stored ({@link StoredState} writes these fields) and its
 * flattened list with the precomputed, immutable answer of resolution ({@link Routing} writes those).
 * Guarded by the instance's lock ({@link InstanceModel}); only {@link #resolution} is read by optimistic
 * resolvers, and it is an immutable object assigned in one write.
 */
final class ExecutionState {
    final ExecutionId id;
    Condition condition;
    List<Entry> entries = List.of();
    Instant creationDate;
    Instant changeDate;
    long version;
    List<ResolvedTarget> flat = List.of();
    /** The answer of resolution when this execution matches; null while its flattened list is empty. */
    Resolution resolution;
    /**
     * Whether this is a method or service execution of a lock-out-guarded service (set once, when the execution
     * is indexed): a call that finds it as its method or service is guarded too, so the hot path checks the
     * guard only when it falls back to {@code all} ({@link Routing#resolve}).
     */
    boolean guarded;
    /** Its key in {@link Routing}'s index of its type; null for an {@code all} execution or before it is indexed. */
    String indexKey;
    /** {@link Routing#rebuildAll}'s progress through a freshly loaded state. */
    byte loadMark = UNLOADED;
    static final byte UNLOADED = 0;
    static final byte LOADING = 1;
    static final byte LOADED = 2;

    ExecutionState(ExecutionId id) {
        this.id = id;
    }

    String key() {
        return id.value();
    }

    /** Sets the flattened list; true when it changed (and with it the answer). */
    boolean setFlat(List<ResolvedTarget> newFlat) {
        if (!newFlat.equals(flat)) {
            flat = newFlat;
            resolution = newFlat.isEmpty() ? null : new Resolution(id, newFlat);
            return true;
        }
        return false;
    }
}
