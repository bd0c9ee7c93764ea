package io.executions.projections;

/**
 * A hash index from strings to values that is probed with a region of another string, optionally with one
 * character before it and a fixed suffix after it, so that resolution can look up every candidate of a
 * queried method or event type ({@code /a.b.S} of {@code /a.b.S/M}, {@code user.human.*} of
 * {@code user.human.added}) without building the candidate string: a lookup allocates nothing.
 *
 * <p>Insert-only, one writer at a time (the instance's write lock). Readers may probe without a lock under an
 * optimistic stamp: a probe that races with a writer may answer anything (never throws, always ends), and the
 * caller discards that answer when its stamp no longer validates. The table of a probe is read once, and each
 * table's arrays are final and of equal length.
 */
final class RegionIndex<V> {
    private static final int MIN_CAPACITY = 16;
    private volatile Table table = new Table(MIN_CAPACITY);
    private int size;

    private static final class Table {
        final int[] hashes;
        final String[] keys;
        final Object[] values;
        final int mask;

        Table(int capacity) {
            hashes = new int[capacity];
            keys = new String[capacity];
            values = new Object[capacity];
            mask = capacity - 1;
        }
    }

    int size() {
        return size;
    }

    /** Adds or replaces the value of a key. Called only by the single writer. */
    void put(String key, V value) {
        Table t = table;
        if ((size + 1) * 2 > t.keys.length) {
            t = grow(t);
        }
        if (insert(t, key, value)) {
            size++;
        }
    }

    private static boolean insert(Table t, String key, Object value) {
        int h = spread(key.hashCode());
        for (int i = h & t.mask; ; i = (i + 1) & t.mask) {
            String k = t.keys[i];
            if (k == null) {
                t.hashes[i] = h;
                t.values[i] = value;
                t.keys[i] = key;
                return true;
            }
            if (t.hashes[i] == h && k.equals(key)) {
                t.values[i] = value;
                return false;
            }
        }
    }

    private Table grow(Table old) {
        Table bigger = new Table(old.keys.length * 2);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.keys[i] != null) {
                insert(bigger, old.keys[i], old.values[i]);
            }
        }
        table = bigger;
        return bigger;
    }

    /** The value of the whole string {@code s} (its cached hash code; the intrinsic {@code equals}). */
    @SuppressWarnings("unchecked")
    V get(String s) {
        int h = spread(s.hashCode());
        Table t = table;
        for (int n = 0, i = h & t.mask; n <= t.mask; n++, i = (i + 1) & t.mask) {
            String k = t.keys[i];
            if (k == null) {
                return null;
            }
            if (t.hashes[i] == h && (k == s || k.equals(s))) {
                return (V) t.values[i];
            }
        }
        return null;
    }

    /**
     * The value of the key {@code prefix + s[from, to) + suffix}, where a {@code prefix} of 0 means none.
     */
    V get(String s, int from, int to, char prefix, String suffix) {
        if (prefix == 0 && suffix.isEmpty() && from == 0 && to == s.length()) {
            return get(s);
        }
        int h = prefix == 0 ? 0 : prefix;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        for (int i = 0; i < suffix.length(); i++) {
            h = 31 * h + suffix.charAt(i);
        }
        return find(spread(h), s, from, to, prefix, suffix);
    }

    @SuppressWarnings("unchecked")
    private V find(int h, String s, int from, int to, char prefix, String suffix) {
        Table t = table;
        int length = (prefix == 0 ? 0 : 1) + (to - from) + suffix.length();
        // bounded by the capacity, so a probe racing with a writer still ends
        for (int n = 0, i = h & t.mask; n <= t.mask; n++, i = (i + 1) & t.mask) {
            String k = t.keys[i];
            if (k == null) {
                return null;
            }
            if (t.hashes[i] == h && k.length() == length && matches(k, s, from, to, prefix, suffix)) {
                return (V) t.values[i];
            }
        }
        return null;
    }

    private static boolean matches(String key, String s, int from, int to, char prefix, String suffix) {
        int at = 0;
        if (prefix != 0) {
            if (key.charAt(0) != prefix) {
                return false;
            }
            at = 1;
        }
        return key.regionMatches(at, s, from, to - from)
                && key.regionMatches(at + to - from, suffix, 0, suffix.length());
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
