package io.executions.projections;

import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Every read model of one instance, folded from its events. Writers hold the write lock; the hot path
 * answers a repeated resolution from a memo without taking any lock, and a first resolution under the read
 * lock from flattened lists that are kept precomputed per execution and updated incrementally.
 */
final class InstanceModel {
    /** Bounds the memo, since callers may resolve any number of distinct strings. */
    static final int MEMO_CAPACITY = 10_000;

    private final InstanceId instance;
    private final LockOutGuard guard;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Highest sequence number applied per aggregate identifier: each event is applied at most once. */
    private final Map<String, Long> applied = new HashMap<>();
    private final Map<String, Exec> executions = new HashMap<>();
    private final Map<TargetId, Tgt> targets = new HashMap<>();
    /** Reverse include index: included execution id to the ids of executions whose own list includes it. */
    private final Map<String, Set<String>> includers = new HashMap<>();
    /** Target id to the ids of executions whose own list names it. */
    private final Map<TargetId, Set<String>> listers = new HashMap<>();
    /**
     * Answers by type and queried string. Writers drop the answers a change affects (or replace the memo)
     * under the write lock; readers add answers only under the read lock, so none stores a stale answer.
     */
    private volatile Memo memo = new Memo();
    /** SPEC section 13's instance version: the events applied, the sum of each aggregate's (sequence + 1). */
    private long version;

    InstanceModel(InstanceId instance, LockOutGuard guard) {
        this.instance = instance;
        this.guard = guard;
    }

    InstanceId instance() {
        return instance;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Applies one event unless its (aggregate, sequence) was applied already. A late event older than what
     * was applied (possible when another process's event arrives through the tracking projector after this
     * process's newer one) changes no state; it only contributes the creation dates it carries, which is
     * idempotent.
     *
     * @return whether the event changed the state
     */
    boolean apply(String aggregateId, long sequence, Object payload) {
        lock.writeLock().lock();
        try {
            Long last = applied.get(aggregateId);
            if (last != null && sequence <= last) {
                absorbLate(payload);
                return false;
            }
            boolean done = false;
            Set<String> changed = Set.of();
            try {
                if (payload instanceof ExecutionSet e) {
                    changed = onSet(e, sequence);
                } else if (payload instanceof ExecutionCleared e) {
                    changed = onCleared(e, sequence);
                } else if (payload instanceof TargetAdded e) {
                    changed = onTargetAdded(e, sequence);
                } else if (payload instanceof TargetChanged e) {
                    changed = onTargetChanged(e, sequence);
                } else if (payload instanceof TargetRemoved e) {
                    changed = onTargetRemoved(e, sequence);
                } else {
                    throw new IllegalArgumentException("not a read-model event: " + payload.getClass().getName());
                }
                done = true;
            } finally {
                if (done) {
                    forget(changed);
                } else if (!memo.isEmpty()) {
                    // A change that failed half-way must not leave any answer memoized from before it.
                    memo = new Memo();
                }
            }
            // Recorded only on success, so a failed event is applied again when it is redelivered.
            applied.put(aggregateId, sequence);
            version += sequence - (last == null ? -1 : last);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void absorbLate(Object payload) {
        if (payload instanceof ExecutionSet e) {
            Exec exec = executions.get(e.executionId().value());
            if (exec != null) {
                exec.creationDate = earliest(exec.creationDate, e.at());
            }
        } else if (payload instanceof TargetAdded e) {
            Tgt tgt = targets.get(e.targetId());
            if (tgt != null) {
                tgt.creationDate = earliest(tgt.creationDate, e.at());
            }
        }
    }

    private Set<String> onSet(ExecutionSet e, long sequence) {
        Exec exec = execution(e.executionId(), e.condition());
        unindex(exec);
        exec.entries = e.entries();
        index(exec);
        exec.creationDate = earliest(exec.creationDate, e.at());
        exec.changeDate = e.at();
        exec.version = sequence;
        return refresh(Set.of(exec.key()));
    }

    private Set<String> onCleared(ExecutionCleared e, long sequence) {
        Exec exec = execution(e.executionId(), e.condition());
        unindex(exec);
        exec.entries = List.of();
        exec.changeDate = e.at();
        exec.version = sequence;
        return refresh(Set.of(exec.key()));
    }

    private Set<String> onTargetAdded(TargetAdded e, long sequence) {
        Tgt tgt = targets.computeIfAbsent(e.targetId(), id -> new Tgt());
        tgt.definition = e.definition();
        tgt.deleted = false;
        tgt.creationDate = e.at();
        tgt.changeDate = e.at();
        tgt.version = sequence;
        return refresh(listers.getOrDefault(e.targetId(), Set.of()));
    }

    private Set<String> onTargetChanged(TargetChanged e, long sequence) {
        Tgt tgt = targets.computeIfAbsent(e.targetId(), id -> new Tgt());
        tgt.definition = e.definition();
        tgt.changeDate = e.at();
        tgt.version = sequence;
        return refresh(listers.getOrDefault(e.targetId(), Set.of()));
    }

    private Set<String> onTargetRemoved(TargetRemoved e, long sequence) {
        Tgt tgt = targets.computeIfAbsent(e.targetId(), id -> new Tgt());
        tgt.deleted = true;
        tgt.changeDate = e.at();
        tgt.version = sequence;
        return refresh(listers.getOrDefault(e.targetId(), Set.of()));
    }

    private Exec execution(ExecutionId id, Condition condition) {
        Exec exec = executions.computeIfAbsent(id.value(), key -> new Exec(id));
        exec.condition = condition;
        return exec;
    }

    private void index(Exec exec) {
        for (Entry entry : exec.entries) {
            if (entry instanceof Entry.Include include) {
                includers.computeIfAbsent(include.include().value(), k -> new HashSet<>()).add(exec.key());
            } else if (entry instanceof Entry.Target target) {
                listers.computeIfAbsent(target.target(), k -> new HashSet<>()).add(exec.key());
            }
        }
    }

    private void unindex(Exec exec) {
        for (Entry entry : exec.entries) {
            if (entry instanceof Entry.Include include) {
                removeFrom(includers, include.include().value(), exec.key());
            } else if (entry instanceof Entry.Target target) {
                removeFrom(listers, target.target(), exec.key());
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
     * transitively, each after the ones it includes; returns them all (the executions whose answer changed).
     */
    private Set<String> refresh(Set<String> seeds) {
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
        return affected;
    }

    /**
     * Drops the memoized answers that may depend on the changed executions, and only those, so that a write
     * does not send every following call of the instance back to the model. A method-, event- or
     * function-level execution is the candidate of exactly one queried string; a service, group or
     * {@code all} execution is a candidate of many, so its type's answers are all dropped. Called under the
     * write lock; readers only add answers under the read lock, so none can re-add a stale one.
     */
    private void forget(Set<String> changed) {
        Memo current = memo;
        for (String id : changed) {
            int slash = id.indexOf('/');
            ExecutionType type = ExecutionType.fromJson(slash < 0 ? id : id.substring(0, slash));
            if (type == null) {
                memo = new Memo();
                return;
            }
            ConcurrentHashMap<String, Resolution> answers = current.byType[type.ordinal()];
            String rest = slash < 0 ? null : id.substring(slash + 1);
            boolean single = switch (type) {
                case REQUEST, RESPONSE -> rest != null && rest.indexOf('/') >= 0;
                case EVENT -> rest != null && !rest.endsWith(".*");
                case FUNCTION -> rest != null;
            };
            if (!single) {
                answers.clear();
            } else if (type == ExecutionType.REQUEST || type == ExecutionType.RESPONSE) {
                // resolution accepts the method with or without its leading slash
                answers.remove("/" + rest);
                answers.remove(rest);
            } else {
                answers.remove(rest);
            }
        }
    }

    private void recompute(String id, Set<String> affected, Set<String> done, Set<String> inProgress) {
        if (done.contains(id) || !inProgress.add(id)) {
            return;
        }
        Exec exec = executions.get(id);
        if (exec != null) {
            exec.setFlat(flatten(exec, included -> {
                if (affected.contains(included) && !done.contains(included)) {
                    if (inProgress.contains(included)) {
                        // Only reachable through a cycle, which the command side forbids.
                        return List.of();
                    }
                    recompute(included, affected, done, inProgress);
                }
                Exec sub = executions.get(included);
                return sub == null ? List.of() : sub.flat;
            }));
        }
        inProgress.remove(id);
        done.add(id);
    }

    /**
     * SPEC section 7 flattening of one execution, given the flattened lists of the executions it includes:
     * entries in stored order, includes spliced in place, deleted (or not yet known) targets skipped, a target
     * reached twice kept at its first position.
     */
    private List<ResolvedTarget> flatten(Exec exec, Function<String, List<ResolvedTarget>> flatOfIncluded) {
        List<ResolvedTarget> out = new ArrayList<>();
        Set<TargetId> seen = new HashSet<>();
        List<ExecutionId> self = List.of(exec.id);
        for (Entry entry : exec.entries) {
            if (entry instanceof Entry.Target target) {
                Tgt tgt = targets.get(target.target());
                if (tgt != null && tgt.live() && seen.add(target.target())) {
                    out.add(new ResolvedTarget(target.target(), tgt.definition, self));
                }
            } else if (entry instanceof Entry.Include include) {
                for (ResolvedTarget sub : flatOfIncluded.apply(include.include().value())) {
                    if (seen.add(sub.id())) {
                        out.add(new ResolvedTarget(sub.id(), sub.definition(), prepend(exec.id, sub.via())));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<ExecutionId> prepend(ExecutionId head, List<ExecutionId> tail) {
        ExecutionId[] via = new ExecutionId[tail.size() + 1];
        via[0] = head;
        for (int i = 0; i < tail.size(); i++) {
            via[i + 1] = tail.get(i);
        }
        return List.of(via);
    }

    // ---------------------------------------------------------------- resolution (hot path)

    Resolution resolve(ExecutionType type, String value) {
        Resolution memoized = memo.byType[type.ordinal()].get(value);
        if (memoized != null) {
            return memoized;
        }
        lock.readLock().lock();
        try {
            // Read again under the lock: writers change or replace the memo only while holding the write lock,
            // so this memo belongs to exactly the state computed from below.
            Memo current = memo;
            Resolution resolution = resolveFromModel(type, value);
            ConcurrentHashMap<String, Resolution> map = current.byType[type.ordinal()];
            if (map.size() >= MEMO_CAPACITY) {
                map.clear();
            }
            map.put(value, resolution);
            return resolution;
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean isMemoized(ExecutionType type, String value) {
        return memo.byType[type.ordinal()].containsKey(value);
    }

    private Resolution resolveFromModel(ExecutionType type, String value) {
        String prefix = type.json();
        switch (type) {
            case REQUEST, RESPONSE -> {
                if (guard.guards(value)) {
                    return Resolution.NONE;
                }
                String method = value.startsWith("/") ? value.substring(1) : value;
                Resolution r = matched(prefix + "/" + method);
                int slash = method.indexOf('/');
                if (r == null && slash > 0) {
                    r = matched(prefix + "/" + method.substring(0, slash));
                }
                if (r == null) {
                    r = matched(prefix);
                }
                return r == null ? Resolution.NONE : r;
            }
            case EVENT -> {
                Resolution r = matched(prefix + "/" + value);
                for (int dot = value.lastIndexOf('.'); r == null && dot > 0; dot = value.lastIndexOf('.', dot - 1)) {
                    r = matched(prefix + "/" + value.substring(0, dot) + ".*");
                }
                if (r == null) {
                    r = matched(prefix);
                }
                return r == null ? Resolution.NONE : r;
            }
            case FUNCTION -> {
                Resolution r = matched(prefix + "/" + value);
                return r == null ? Resolution.NONE : r;
            }
            default -> throw new IllegalArgumentException("unknown execution type " + type);
        }
    }

    /** The execution's resolution when its flattened list is non-empty, else null (it does not shadow). */
    private Resolution matched(String executionId) {
        Exec exec = executions.get(executionId);
        return exec == null ? null : exec.resolution;
    }

    // ---------------------------------------------------------------- listing and targets

    ExecutionPage list(ExecutionListQuery query) {
        lock.readLock().lock();
        try {
            List<TargetId> reached = new ArrayList<>();
            for (ExecutionFilter filter : query.filters()) {
                if (filter instanceof ExecutionFilter.ReachesTarget r) {
                    reached.add(r.targetId());
                }
            }
            List<ExecutionView> views = new ArrayList<>();
            for (Exec exec : executions.values()) {
                List<Entry> visible = visibleEntries(exec);
                if (visible.isEmpty() || !matches(exec, query.filters())) {
                    continue;
                }
                Boolean direct = reached.isEmpty() ? null : reached.stream().allMatch(t -> namesTarget(exec, t));
                views.add(new ExecutionView(exec.id, exec.condition, exec.creationDate, exec.changeDate, visible,
                        direct));
            }
            views.sort(order(query.sortingColumn(), query.asc()));
            return new ExecutionPage(views.size(), page(views, query.offset(), query.limit()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Entry> visibleEntries(Exec exec) {
        List<Entry> visible = new ArrayList<>(exec.entries.size());
        for (Entry entry : exec.entries) {
            if (entry instanceof Entry.Target target) {
                Tgt tgt = targets.get(target.target());
                if (tgt == null || !tgt.live()) {
                    continue;
                }
            }
            visible.add(entry);
        }
        return List.copyOf(visible);
    }

    private boolean matches(Exec exec, List<ExecutionFilter> filters) {
        for (ExecutionFilter filter : filters) {
            boolean ok;
            if (filter instanceof ExecutionFilter.InConditions in) {
                ok = in.ids().contains(exec.id);
            } else if (filter instanceof ExecutionFilter.OfType of) {
                ok = of.type() == null || exec.condition.type() == of.type();
            } else if (filter instanceof ExecutionFilter.ReachesTarget reaches) {
                ok = exec.flat.stream().anyMatch(t -> t.id().equals(reaches.targetId()));
            } else if (filter instanceof ExecutionFilter.Includes includes) {
                ok = exec.entries.contains(new Entry.Include(includes.include()));
            } else {
                throw new IllegalArgumentException("unknown filter " + filter);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesTarget(Exec exec, TargetId target) {
        return exec.entries.contains(new Entry.Target(target));
    }

    private static Comparator<ExecutionView> order(SortingColumn column, boolean asc) {
        Comparator<ExecutionView> byId = Comparator.comparing(ExecutionView::id);
        Comparator<ExecutionView> primary = switch (column) {
            case ID -> byId;
            case CREATED_DATE -> Comparator.comparing(ExecutionView::creationDate,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byId);
            case CHANGED_DATE -> Comparator.comparing(ExecutionView::changeDate,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byId);
        };
        return asc ? primary : primary.reversed();
    }

    static <T> List<T> page(List<T> sorted, long offset, long limit) {
        int from = (int) Math.min(Math.max(offset, 0), sorted.size());
        int to = limit <= 0 ? sorted.size() : (int) Math.min(sorted.size(), from + limit);
        return List.copyOf(sorted.subList(from, to));
    }

    Optional<TargetView> target(TargetId id) {
        lock.readLock().lock();
        try {
            Tgt tgt = targets.get(id);
            return tgt == null || !tgt.live() ? Optional.empty() : Optional.of(tgt.view(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    TargetPage searchTargets(TargetSearch search) {
        lock.readLock().lock();
        try {
            Set<TargetId> ids = search.ids() == null ? null : Set.copyOf(search.ids());
            List<TargetView> views = new ArrayList<>();
            for (Map.Entry<TargetId, Tgt> e : targets.entrySet()) {
                Tgt tgt = e.getValue();
                if (!tgt.live() || (ids != null && !ids.contains(e.getKey()))
                        || !nameMatches(tgt.definition.name(), search)) {
                    continue;
                }
                views.add(tgt.view(e.getKey()));
            }
            Comparator<TargetView> order = Comparator.<TargetView, String>comparing(v -> v.definition().name(),
                    CodePoints::compare).thenComparing(v -> v.id().value(), CodePoints::compare);
            views.sort(search.asc() ? order : order.reversed());
            return new TargetPage(views.size(), page(views, search.offset(), search.limit()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private static boolean nameMatches(String name, TargetSearch search) {
        if (search.name() == null) {
            return true;
        }
        TextFilterMethod method = search.nameMethod() == null ? TextFilterMethod.EQUALS : search.nameMethod();
        return switch (method) {
            case EQUALS -> name.equals(search.name());
            case CONTAINS -> name.contains(search.name());
            case STARTS_WITH -> name.startsWith(search.name());
        };
    }

    // ---------------------------------------------------------------- accessors for safe change (SPEC section 13)

    /** The instance version: how many execution and target events this model has applied. */
    long version() {
        lock.readLock().lock();
        try {
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** An execution's stored list (deleted targets included): empty when never set or cleared. */
    List<Entry> storedEntries(ExecutionId id) {
        lock.readLock().lock();
        try {
            Exec exec = executions.get(id.value());
            return exec == null ? List.of() : exec.entries;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The reverse include index: the executions whose stored list includes {@code id}. */
    Set<ExecutionId> includersOf(ExecutionId id) {
        lock.readLock().lock();
        try {
            Set<String> keys = includers.get(id.value());
            if (keys == null) {
                return Set.of();
            }
            Set<ExecutionId> out = new HashSet<>();
            for (String key : keys) {
                out.add(executions.get(key).id);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A live target's definition. */
    Optional<TargetDefinition> liveTarget(TargetId id) {
        lock.readLock().lock();
        try {
            Tgt tgt = targets.get(id);
            return tgt == null || !tgt.live() ? Optional.empty() : Optional.of(tgt.definition);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every execution ever set, with its stored list and last change. */
    List<StoredExecution> storedExecutions() {
        lock.readLock().lock();
        try {
            List<StoredExecution> out = new ArrayList<>(executions.size());
            for (Exec exec : executions.values()) {
                out.add(new StoredExecution(exec.id, exec.condition, exec.entries, exec.changeDate));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every target ever added, live or deleted, with its last change. */
    List<StoredTarget> storedTargets() {
        lock.readLock().lock();
        try {
            List<StoredTarget> out = new ArrayList<>(targets.size());
            targets.forEach((id, tgt) -> out.add(new StoredTarget(id, tgt.definition, tgt.live(), tgt.changeDate)));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- verification

    /**
     * A canonical, comparable picture of this instance: every execution (stored list, dates, flattened
     * list with via paths) and every target, one line each, keyed and sorted by kind and id.
     */
    SortedMap<String, String> canonicalState() {
        lock.readLock().lock();
        try {
            SortedMap<String, String> lines = new TreeMap<>();
            for (Exec exec : executions.values()) {
                lines.put("execution " + exec.key(), "condition=" + exec.condition.kind() + ":" + exec.condition.value()
                        + " entries=" + exec.entries + " created=" + exec.creationDate + " changed=" + exec.changeDate
                        + " version=" + exec.version + " flattened=" + describe(exec.flat));
            }
            for (Map.Entry<TargetId, Tgt> e : targets.entrySet()) {
                Tgt tgt = e.getValue();
                lines.put("target " + e.getKey().value(), tgt.deleted
                        ? "deleted version=" + tgt.version
                        : tgt.definition + " created=" + tgt.creationDate + " changed=" + tgt.changeDate
                                + " version=" + tgt.version);
            }
            return lines;
        } finally {
            lock.readLock().unlock();
        }
    }

    static String describe(List<ResolvedTarget> flat) {
        StringBuilder out = new StringBuilder("[");
        for (ResolvedTarget t : flat) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(t.id().value()).append(" via ").append(t.via()).append(' ').append(t.definition());
        }
        return out.append(']').toString();
    }

    /** The flattened list of every execution as kept incrementally. */
    Map<ExecutionId, List<ResolvedTarget>> flattenedLists() {
        lock.readLock().lock();
        try {
            Map<ExecutionId, List<ResolvedTarget>> out = new TreeMap<>();
            executions.values().forEach(exec -> out.put(exec.id, exec.flat));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The flattened list of every execution recomputed from the stored lists alone, ignoring what is kept. */
    Map<ExecutionId, List<ResolvedTarget>> flattenedListsFromScratch() {
        lock.readLock().lock();
        try {
            Map<ExecutionId, List<ResolvedTarget>> out = new TreeMap<>();
            executions.values().forEach(exec -> out.put(exec.id, fromScratch(exec, new HashSet<>())));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<ResolvedTarget> fromScratch(Exec exec, Set<String> path) {
        path.add(exec.key());
        List<ResolvedTarget> flat = flatten(exec, included -> {
            Exec sub = executions.get(included);
            return sub == null || path.contains(included) ? List.of() : fromScratch(sub, path);
        });
        path.remove(exec.key());
        return flat;
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    // ---------------------------------------------------------------- state holders (guarded by lock)

    private static final class Exec {
        final ExecutionId id;
        Condition condition;
        List<Entry> entries = List.of();
        Instant creationDate;
        Instant changeDate;
        long version;
        List<ResolvedTarget> flat = List.of();
        /** Precomputed answer when this execution matches; null when its flattened list is empty. */
        Resolution resolution;

        Exec(ExecutionId id) {
            this.id = id;
        }

        String key() {
            return id.value();
        }

        void setFlat(List<ResolvedTarget> newFlat) {
            flat = newFlat;
            resolution = newFlat.isEmpty() ? null : new Resolution(id, newFlat);
        }
    }

    private static final class Tgt {
        TargetDefinition definition;
        Instant creationDate;
        Instant changeDate;
        boolean deleted;
        long version;

        boolean live() {
            return !deleted && definition != null;
        }

        TargetView view(TargetId id) {
            return new TargetView(id, definition, creationDate, changeDate);
        }
    }

    /** Memoized answers per execution type, indexed by ordinal so a lookup allocates nothing. */
    @SuppressWarnings("unchecked")
    private static final class Memo {
        private static final int TYPES = ExecutionType.values().length;
        final ConcurrentHashMap<String, Resolution>[] byType = new ConcurrentHashMap[TYPES];

        Memo() {
            for (int i = 0; i < byType.length; i++) {
                byType[i] = new ConcurrentHashMap<>();
            }
        }

        boolean isEmpty() {
            for (ConcurrentHashMap<String, Resolution> map : byType) {
                if (!map.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }
}
