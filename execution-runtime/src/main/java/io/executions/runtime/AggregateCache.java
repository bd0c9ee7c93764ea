package io.executions.runtime;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The aggregates this process wrote last, for a store only this process writes (an H2 file it opened, the
 * memory store): a command on one of them skips reading and replaying its stored events
 * (BENCHMARKS.md "Scale goals", SetExecution against a fair baseline). Axon's caching repository puts an
 * aggregate here when a unit of work saves it and removes it when one that loaded or saved it rolls back, so
 * an entry is always the state of the last committed change. A store another process may write (PostgreSQL,
 * a host's database) gets no cache: its aggregates must be read under the instance lock.
 *
 * <p>Least recently used entries go first once {@code maxEntries} are held, so the heap it takes is bounded
 * (an aggregate is a condition and a list: a few hundred bytes). Axon ships no bounded in-process cache
 * ({@code WeakReferenceCache} loses every entry at each young collection); a synchronized access-ordered
 * {@link LinkedHashMap} is enough for one lookup and one put per command.
 */
final class AggregateCache implements Cache {
    /** Aggregates kept per aggregate type. */
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Map<Object, Object> entries;

    AggregateCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("an aggregate cache keeps at least one entry, got " + maxEntries);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    synchronized int size() {
        return entries.size();
    }

    /** Axon's repositories register no listeners; nothing else here does. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("the aggregate cache has no entry listeners");
    }
}
