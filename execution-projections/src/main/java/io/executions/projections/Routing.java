package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.TargetId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattening and resolution (docs/contract.md "Resolution"). Every execution keeps its flattened list and its immutable
 * answer, recomputed incrementally when its list, an execution it includes or one of its targets changes.
 * Resolution is then at most the candidate lookups (method, service, all; event, groups, all; function) in
 * per-type indexes probed with regions of the queried string: no candidate string is built, nothing is
 * allocated on a hit or a miss, and every key costs the same whether it was asked before or not.
 *
 * <p>Written under the instance's write lock; {@link #resolve} may run under an optimistic stamp
 * ({@link InstanceModel}), so it only reads the insert-only indexes and each execution's immutable answer.
 */
final class Routing implements StoredState.Listener {
    private static final String GROUP_SUFFIX = ".*";
    private static final int TYPES = ExecutionType.values().length;

    private final StoredState stored;
    /**
     * Per type: the id after {@code <type>} ({@code /a.b.S/M}, {@code /a.b.S}) or after {@code <type>/}
     * ({@code user.human.added}, {@code user.human.*}, {@code preuserinfo}) to the execution's answer itself (its
     * {@link Resolution}, null while its flattened list is empty, or wrapped in {@link Guarded}), kept current by
     * {@link #publish}: a hit reads no {@code ExecutionState} (from 10k executions on, where it is out of the
     * nearest caches, one miss less).
     */
    @SuppressWarnings("unchecked")
    private final RegionIndex<Object>[] byType = new RegionIndex[TYPES];
    /**
     * The index's entry for a method or service execution of a lock-out-guarded service: a call with a leading
     * slash that finds it resolves to nothing; one without (not covered by {@link LockOutGuard#guards}) gets
     * its answer.
     */
    private record Guarded(Resolution answer) {
    }
    /** Per type: the {@code all} execution ({@code request}, {@code event}, ...), or null. */
    private final ExecutionState[] allOfType = new ExecutionState[TYPES];
    /** The lock-out guard's services, empty when the host opted in (a handful: compared directly). */
    private final String[] guarded;
    /** Reverse include index: included execution id to the ids of executions whose own list includes it. */
    private Map<String, Set<String>> includers = new HashMap<>();
    /** Target id to the ids of executions whose own list names it. */
    private Map<TargetId, Set<String>> listers = new HashMap<>();
    /**
     * False after a snapshot's load until the two indexes above are first needed (a change, or the include
     * index asked for): building them was over a third of the load's CPU at 100k executions, and resolution
     * never reads them. Built by {@link #ensureIndexed}, under the write lock.
     */
    private boolean indexed = true;

    Routing(StoredState stored, LockOutGuard guard) {
        this.stored = stored;
        for (int i = 0; i < TYPES; i++) {
            byType[i] = new RegionIndex<>();
        }
        // a service name with a slash can never be a method's service (the slash ends it): never guarded
        guarded = guard.optIn() ? new String[0]
                : guard.services().stream().filter(service -> service.indexOf('/') < 0).toArray(String[]::new);
    }

    // ---------------------------------------------------------------- updates (write lock)

    @Override
    public void executionCreated(ExecutionState exec) {
        String id = exec.key();
        ExecutionType type = exec.condition.type();
        int typeLength = type.json().length();
        if (id.length() == typeLength) {
            allOfType[type.ordinal()] = exec;
        } else {
            // request/response keep the slash, so a queried "/a.b.S/M" is the key itself (its cached hash)
            boolean keepSlash = type == ExecutionType.REQUEST || type == ExecutionType.RESPONSE;
            int from = keepSlash ? typeLength : typeLength + 1;
            // the condition's value is usually that key already: no copy (this runs for every execution at start)
            String value = exec.condition.value();
            String key = value != null && value.length() == id.length() - from && id.startsWith(value, from)
                    ? value : id.substring(from);
            exec.guarded = keepSlash && isGuarded(key);
            exec.indexKey = key;
            publish(exec);
        }
    }

    @Override
    public void entriesChanged(ExecutionState exec, List<Entry> before) {
        // if the indexes are built now, they hold exec's new list; unindexing the old one and indexing the
        // new one below still leaves exactly the new one
        ensureIndexed();
        unindex(exec.key(), before);
        index(exec.key(), exec.entries);
        refresh(Set.of(exec.key()));
    }

    @Override
    public void targetChanged(TargetId target) {
        ensureIndexed();
        refresh(listers.getOrDefault(target, Set.of()));
    }

    /**
     * Indexes and flattens every execution of a state loaded at once (a snapshot), each once, after the ones
     * it includes. Marks on the executions instead of sets of ids: this runs for every execution at start.
     */
    void rebuildAll() {
        includers = new HashMap<>();
        listers = new HashMap<>();
        indexed = false;
        for (ExecutionState exec : stored.executions.values()) {
            rebuild(exec);
        }
        // indexed once their answers are known: one insertion each
        for (ExecutionState exec : stored.executions.values()) {
            executionCreated(exec);
        }
    }

    /** Puts an indexed execution's answer into its index (after its creation and whenever its answer changed). */
    private void publish(ExecutionState exec) {
        if (exec.indexKey != null) {
            byType[exec.condition.type().ordinal()].put(exec.indexKey,
                    exec.guarded ? new Guarded(exec.resolution) : exec.resolution);
        }
    }

    /** Whether the include and target indexes are built (false after a snapshot's load until first needed). */
    boolean isIndexed() {
        return indexed;
    }

    /** Builds the include and target indexes when they are not. Under the write lock. */
    void ensureIndexed() {
        if (!indexed) {
            install(buildIndexes());
        }
    }

    /** The include and target indexes of a state, built aside. */
    record Indexes(Map<String, Set<String>> includers, Map<TargetId, Set<String>> listers) {
    }

    /**
     * The include and target indexes of the stored lists, built into new maps: it only reads, so it may run
     * under the read lock, beside resolution ({@link InstanceModel#buildDeferredIndexes}).
     */
    Indexes buildIndexes() {
        Map<String, Set<String>> byIncluded = new HashMap<>();
        Map<TargetId, Set<String>> byTarget = new HashMap<>();
        for (ExecutionState exec : stored.executions.values()) {
            index(byIncluded, byTarget, exec.key(), exec.entries);
        }
        return new Indexes(byIncluded, byTarget);
    }

    /**
     * Installs indexes built by {@link #buildIndexes} unless they are there already. Under the write lock.
     * Correct although the state may have changed since they were built: every change of a stored list or a
     * target first builds the indexes itself ({@link #ensureIndexed}), so indexes still missing here were
     * built from the state as it is.
     */
    void install(Indexes indexes) {
        if (!indexed) {
            includers = indexes.includers();
            listers = indexes.listers();
            indexed = true;
        }
    }

    private List<ResolvedTarget> rebuild(ExecutionState exec) {
        if (exec.loadMark == ExecutionState.UNLOADED) {
            exec.loadMark = ExecutionState.LOADING;
            if (exec.setFlat(Flattening.flatten(exec.id, exec.entries, stored::liveTarget, included -> {
                ExecutionState sub = stored.executions.get(included.value());
                // LOADING: only reachable through a cycle, which the command side forbids
                return sub == null || sub.loadMark == ExecutionState.LOADING ? List.of() : rebuild(sub);
            }))) {
                publish(exec);
            }
            exec.loadMark = ExecutionState.LOADED;
        }
        return exec.flat;
    }

    private void index(String key, List<Entry> entries) {
        index(includers, listers, key, entries);
    }

    private static void index(Map<String, Set<String>> includers, Map<TargetId, Set<String>> listers, String key,
                              List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include) {
                includers.computeIfAbsent(include.include().value(), k -> new HashSet<>()).add(key);
            } else if (entry instanceof Entry.Target target) {
                listers.computeIfAbsent(target.target(), k -> new HashSet<>()).add(key);
            }
        }
    }

    private void unindex(String key, List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include) {
                removeFrom(includers, include.include().value(), key);
            } else if (entry instanceof Entry.Target target) {
                removeFrom(listers, target.target(), key);
            }
        }
    }

    private static <K> void removeFrom(Map<K, Set<String>> index, K key, String value) {
        Set<String> set = index.get(key);
        if (set != null) {
            set.remove(value);
            if (set.isEmpty()) {
                index.remove(key);
            }
        }
    }

    /**
     * Recomputes the flattened lists of the seeds and of every execution that includes them, directly or
     * transitively, each after the ones it includes.
     */
    private void refresh(Set<String> seeds) {
        Set<String> affected = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(seeds);
        while (!pending.isEmpty()) {
            String id = pending.pop();
            if (affected.add(id)) {
                pending.addAll(includers.getOrDefault(id, Set.of()));
            }
        }
        Set<String> done = new HashSet<>();
        Set<String> inProgress = new HashSet<>();
        for (String id : affected) {
            recompute(id, affected, done, inProgress);
        }
    }

    private void recompute(String id, Set<String> affected, Set<String> done, Set<String> inProgress) {
        if (done.contains(id) || !inProgress.add(id)) {
            return;
        }
        ExecutionState exec = stored.executions.get(id);
        if (exec != null) {
            boolean changed = exec.setFlat(Flattening.flatten(exec.id, exec.entries, stored::liveTarget, included -> {
                String key = included.value();
                if (affected.contains(key) && !done.contains(key)) {
                    if (inProgress.contains(key)) {
                        // Only reachable through a cycle, which the command side forbids.
                        return List.of();
                    }
                    recompute(key, affected, done, inProgress);
                }
                ExecutionState sub = stored.executions.get(key);
                return sub == null ? List.of() : sub.flat;
            }));
            if (changed) {
                publish(exec);
            }
        }
        inProgress.remove(id);
        done.add(id);
    }

    // ---------------------------------------------------------------- resolution (hot path)

    /** docs/contract.md "Resolution". Allocates nothing; may run under an optimistic stamp, so never throws on a race. */
    Resolution resolve(ExecutionType type, String value) {
        Resolution r;
        switch (type) {
            case REQUEST, RESPONSE -> r = resolveCall(type, value);
            case EVENT -> r = resolveEvent(value);
            case FUNCTION -> r = answer(byType[ExecutionType.FUNCTION.ordinal()].get(value));
            default -> r = null;
        }
        return r == null ? Resolution.NONE : r;
    }

    private Resolution resolveCall(ExecutionType type, String method) {
        RegionIndex<Object> index = byType[type.ordinal()];
        int length = method.length();
        Resolution r;
        if (length > 0 && method.charAt(0) == '/') {
            // The lock-out guard: a method or service execution found for the call is of the call's own
            // service, so its index entry (a Guarded one) answers for the call; only the fallback to all
            // compares the call with the guarded services (on Java 17 the comparison was two fifths of a
            // method hit).
            Object exact = index.get(method);
            if (exact instanceof Guarded) {
                return null;
            }
            r = (Resolution) exact;
            if (r == null) {
                // the service is looked for only when the method has no execution: a method hit scans nothing
                int slash = method.indexOf('/', 1);
                if (slash > 1) {
                    Object service = index.getPrefix(method, slash);
                    if (service instanceof Guarded) {
                        return null;
                    }
                    r = (Resolution) service;
                }
            }
            if (r == null) {
                ExecutionState all = allOfType[type.ordinal()];
                return all == null || isGuarded(method) ? null : all.resolution;
            }
            return r;
        } else {
            // accepted without its leading slash too: looked up as if it had one
            r = answer(index.get(method, 0, length, '/', ""));
            int serviceEnd = method.indexOf('/');
            if (r == null && serviceEnd > 0) {
                r = answer(index.get(method, 0, serviceEnd, '/', ""));
            }
        }
        return r == null ? answer(allOfType[type.ordinal()]) : r;
    }

    /**
     * Whether {@code method} ({@code /a.b.S/M} or {@code /a.b.S}) is of a guarded service (docs/contract.md
     * "Resolution"'s lock-out guard): {@code "/" + service} followed by its end or a slash. The character after
     * the service is compared first, which rejects nearly every other method at once.
     */
    private boolean isGuarded(String method) {
        int length = method.length();
        if (length < 2) {
            return false;
        }
        for (String service : guarded) {
            int end = service.length() + 1;
            if ((length == end || (length > end && method.charAt(end) == '/'))
                    && RegionIndex.same(method, 1, service, 0, service.length())) {
                return true;
            }
        }
        return false;
    }

    private Resolution resolveEvent(String event) {
        RegionIndex<Object> index = byType[ExecutionType.EVENT.ordinal()];
        Resolution r = answer(index.get(event));
        for (int dot = event.lastIndexOf('.'); r == null && dot > 0; dot = event.lastIndexOf('.', dot - 1)) {
            r = answer(index.get(event, 0, dot, (char) 0, GROUP_SUFFIX));
        }
        return r == null ? answer(allOfType[ExecutionType.EVENT.ordinal()]) : r;
    }

    /** The execution's answer when its flattened list is non-empty, else null (it does not shadow). */
    private static Resolution answer(ExecutionState exec) {
        return exec == null ? null : exec.resolution;
    }

    /**
     * The answer an index holds, where the guard does not apply (events, functions, calls given without their
     * leading slash): a guarded execution's own answer too.
     */
    private static Resolution answer(Object indexed) {
        return indexed instanceof Guarded guarded ? guarded.answer() : (Resolution) indexed;
    }

    /** The executions that include this one in their own list (for tests and what-if). */
    Set<String> includersOf(ExecutionId id) {
        if (!indexed) {
            throw new IllegalStateException("the include index is not built: ensureIndexed() under the write lock");
        }
        return Set.copyOf(includers.getOrDefault(id.value(), Set.of()));
    }
}
