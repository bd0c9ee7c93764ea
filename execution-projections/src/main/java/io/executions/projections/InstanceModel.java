package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * Every read model of one instance, and the one place that keeps them consistent. The parts are plain,
 * unsynchronized objects, each one thing: {@link StoredState} applies events, {@link Routing} flattens and
 * resolves, {@link Listing} lists executions and searches targets, {@link ReplayCheck} describes the state
 * for replay verification.
 *
 * <p>The invariant: every change (an event applied in full, with the flattened lists and answers it affects)
 * happens under the write lock, and every read sees the state between two changes. Listing, targets and
 * verification take the read lock. Resolution, the hot path, first reads optimistically without any lock
 * and keeps its answer only when no change started or ended meanwhile (a stamp check), else it reads again
 * under the read lock; so it never blocks behind another reader and allocates nothing.
 */
final class InstanceModel {
    private final InstanceId instance;
    private final StampedLock lock = new StampedLock();
    private final StoredState stored;
    private final Routing routing;
    private final Listing listing;
    private final ReplayCheck check;
    /** docs/safe-change.md's instance version: the events applied, the sum of each aggregate's (sequence + 1). */
    private long version;

    InstanceModel(InstanceId instance, LockOutGuard guard) {
        this.instance = instance;
        Routing[] routingRef = new Routing[1];
        this.stored = new StoredState(new StoredState.Listener() {
            @Override
            public void executionCreated(ExecutionState exec) {
                routingRef[0].executionCreated(exec);
            }

            @Override
            public void entriesChanged(ExecutionState exec, List<Entry> before) {
                routingRef[0].entriesChanged(exec, before);
            }

            @Override
            public void targetChanged(TargetId target) {
                routingRef[0].targetChanged(target);
            }
        });
        this.routing = new Routing(stored, guard);
        routingRef[0] = routing;
        this.listing = new Listing(stored);
        this.check = new ReplayCheck(stored);
    }

    InstanceId instance() {
        return instance;
    }

    /**
     * Applies one event unless its (aggregate, sequence) was applied already.
     *
     * @return whether the event changed the state
     */
    boolean apply(String aggregateId, long sequence, Object payload) {
        long stamp = lock.writeLock();
        try {
            if (stored.isApplied(aggregateId, sequence)) {
                stored.absorbLate(payload);
                return false;
            }
            Long last = stored.applied.get(aggregateId);
            stored.apply(payload, sequence);
            stored.markApplied(aggregateId, sequence);
            version += sequence - (last == null ? -1 : last);
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Writes the stored state (not what is derived from it) in the snapshot layout of {@link SnapshotCodec}. */
    void writeTo(SnapshotCodec.Writer out) throws IOException {
        long stamp = lock.readLock();
        try {
            out.write(stored);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** A model of the stored state read back from a snapshot, with every flattened list recomputed. */
    static InstanceModel readFrom(InstanceId instance, LockOutGuard guard, SnapshotCodec.Reader in)
            throws IOException {
        InstanceModel model = new InstanceModel(instance, guard);
        long stamp = model.lock.writeLock();
        try {
            in.read(model.stored);
            model.routing.rebuildAll();
            for (long last : model.stored.applied.values()) {
                model.version += last + 1;
            }
        } finally {
            model.lock.unlockWrite(stamp);
        }
        return model;
    }

    /**
     * Builds the indexes a snapshot's load leaves to first use (include/target, change date) under the read
     * lock, which optimistic resolution does not wait for, and installs them under the write lock for as long
     * as two field writes: so neither the start nor, later, the first write stalls resolution while they are
     * built (at 100k executions building them takes about half a second). Writes wait for the read lock.
     */
    void buildDeferredIndexes() {
        Routing.Indexes indexes = null;
        java.util.NavigableSet<ExecutionState> byDate = null;
        long stamp = lock.readLock();
        try {
            if (!routing.isIndexed()) {
                indexes = routing.buildIndexes();
            }
            if (!stored.hasChangeIndex()) {
                byDate = stored.buildChangeIndex();
            }
        } finally {
            lock.unlockRead(stamp);
        }
        if (indexes == null && byDate == null) {
            return;
        }
        stamp = lock.writeLock();
        try {
            if (indexes != null) {
                routing.install(indexes);
            }
            if (byDate != null) {
                stored.installChangeIndex(byDate);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** docs/contract.md "Resolution"; no lock on the common path, nothing allocated. */
    Resolution resolve(ExecutionType type, String value) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            Resolution answer = routing.resolve(type, value);
            if (lock.validate(stamp)) {
                return answer;
            }
        }
        stamp = lock.readLock();
        try {
            return routing.resolve(type, value);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    ExecutionPage list(ExecutionListQuery query) {
        return read(() -> listing.list(query));
    }

    Optional<TargetView> target(TargetId id) {
        return read(() -> listing.target(id));
    }

    TargetPage searchTargets(TargetSearch search) {
        return read(() -> listing.searchTargets(search));
    }

    SortedMap<String, String> canonicalState() {
        return read(check::canonicalState);
    }

    Map<ExecutionId, List<ResolvedTarget>> flattenedLists() {
        return read(check::flattenedLists);
    }

    Map<ExecutionId, List<ResolvedTarget>> flattenedListsFromScratch() {
        return read(check::flattenedListsFromScratch);
    }

    /** A consistent read-only copy of the stored lists and live targets (references to immutable values). */
    RoutingView routingView() {
        return read(() -> {
            Map<ExecutionId, List<Entry>> entries = new HashMap<>();
            stored.executions.values().forEach(exec -> entries.put(exec.id, exec.entries));
            Map<TargetId, TargetDefinition> targets = new HashMap<>();
            stored.targets.forEach((id, tgt) -> {
                if (tgt.live()) {
                    targets.put(id, tgt.definition);
                }
            });
            return new RoutingView(entries, targets);
        });
    }

    /** The stored list of one execution (empty when unknown). */
    List<Entry> storedEntries(ExecutionId id) {
        return read(() -> stored.entries(id));
    }

    /** The definition of a live target, empty for a deleted or unknown one. */
    Optional<TargetDefinition> liveTarget(TargetId id) {
        return read(() -> Optional.ofNullable(stored.liveTarget(id)));
    }

    // ---- accessors for safe change (docs/safe-change.md)

    /** The instance version: how many execution and target events this model has applied. */
    long version() {
        return read(() -> version);
    }

    /** The reverse include index: the executions whose stored list includes {@code id}. */
    Set<ExecutionId> includersOf(ExecutionId id) {
        if (!routing.isIndexed()) {
            write(routing::ensureIndexed);
        }
        return read(() -> {
            Set<ExecutionId> out = new HashSet<>();
            for (String key : routing.includersOf(id)) {
                out.add(stored.executions.get(key).id);
            }
            return out;
        });
    }

    /** Every execution ever set, with its stored list and last change. */
    List<StoredExecution> storedExecutions() {
        return read(() -> {
            List<StoredExecution> out = new ArrayList<>(stored.executions.size());
            for (ExecutionState exec : stored.executions.values()) {
                out.add(new StoredExecution(exec.id, exec.condition, exec.entries, exec.changeDate));
            }
            return out;
        });
    }

    /** The executions whose last change is after {@code since}, from the index by change date (no scan). */
    List<StoredExecution> executionsChangedAfter(java.time.Instant since) {
        if (!stored.hasChangeIndex()) {
            write(stored::ensureChangeIndex);
        }
        return read(() -> {
            List<StoredExecution> out = new ArrayList<>();
            for (ExecutionState exec : stored.changedAfter(since)) {
                out.add(new StoredExecution(exec.id, exec.condition, exec.entries, exec.changeDate));
            }
            return out;
        });
    }

    /** Every target ever added, live or deleted, with its last change. */
    List<StoredTarget> storedTargets() {
        return read(() -> {
            List<StoredTarget> out = new ArrayList<>(stored.targets.size());
            stored.targets.forEach((id, tgt) -> out.add(new StoredTarget(id, tgt.definition, tgt.live(),
                    tgt.changeDate)));
            return out;
        });
    }

    /** The answer kept for one execution (null when its flattened list is empty), for tests. */
    Resolution answerOf(ExecutionId id) {
        return read(() -> {
            ExecutionState exec = stored.executions.get(id.value());
            return exec == null ? null : exec.resolution;
        });
    }

    /**
     * Runs a change of derived state under the write lock: here, building an index a snapshot's load left out
     * (and {@link #buildDeferredIndexes} has not installed yet) when a reader needs it first.
     */
    private void write(Runnable change) {
        long stamp = lock.writeLock();
        try {
            change.run();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private <T> T read(Supplier<T> reader) {
        long stamp = lock.readLock();
        try {
            return reader.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }
}
