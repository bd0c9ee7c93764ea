package io.executions.runtime;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The aggregates of the last committed commands, for a store only this engine writes (an H2 file it opened,
 * the memory store): a command on one of them skips reading and replaying its stored events
 * (BENCHMARKS.md "Scale goals", SetExecution against a fair baseline). Axon's caching repository puts an
 * aggregate here when a unit of work saves it and removes it when one that loaded or saved it rolls back, so
 * an entry is always the state of the last committed change. A store another process may write (PostgreSQL,
 * a host's database) gets no cache: its aggregates must be read under the instance lock. Should another engine
 * of this JVM open the same H2 file ({@link H2FileClaims}), {@code soleWriter} turns false: the cache empties
 * and stays empty.
 *
 * <p>Least recently used entries go first once {@code maxEntries} are held, so the number kept is bounded (an
 * aggregate is its condition and list: typically a few hundred bytes, a few KiB at the 100-entry limit). Axon
 * ships no bounded in-process cache ({@code WeakReferenceCache} loses every entry at each young collection); a
 * synchronized access-ordered {@link LinkedHashMap} is enough for one lookup and one put per command.
 */
final class AggregateCache implements Cache {
    /** Aggregates kept per aggregate type. */
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Map<Object, Object> entries;
    private final BooleanSupplier soleWriter;

    AggregateCache(int maxEntries, BooleanSupplier soleWriter) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("an aggregate cache keeps at least one entry, got " + maxEntries);
        }
        this.soleWriter = java.util.Objects.requireNonNull(soleWriter, "soleWriter");
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
        return usable() ? (V) entries.get(key) : null;
    }

    /** A command that created nothing (e.g. clearing an execution never set) saves an aggregate without id. */
    @Override
    public synchronized void put(Object key, Object value) {
        if (key != null && usable()) {
            entries.put(key, value);
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        return key != null && usable() && entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return usable() ? (T) entries.computeIfAbsent(key, k -> valueSupplier.get()) : valueSupplier.get();
    }

    /** False once another engine may write the store: what is kept may be stale, so it is dropped. */
    private boolean usable() {
        if (soleWriter.getAsBoolean()) {
            return true;
        }
        entries.clear();
        return false;
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
