package io.executions.projections;

/**
 * A hash index from strings to values that is probed with a region of another string, optionally with one
 * character before it and a fixed suffix after it, so that resolution can look up every candidate of a
 * queried method or event type ({@code /a.b.S} of {@code /a.b.S/M}, {@code user.human.*} of
 * {@code user.human.added}) without building the candidate string: a lookup allocates nothing.
 *
 * <p>Insert-only, one writer at a time (the instance's write lock). Readers may probe without a lock under an
 * optimistic stamp: a probe that races with a writer may answer anything (never throws, always ends), and the
 * caller discards that answer when its stamp no longer validates. The table of a probe is read once, and its
 * array is final.
 */
final class RegionIndex<V> {
    private static final int MIN_CAPACITY = 16;
    private volatile Table table = new Table(MIN_CAPACITY);
    private int size;

    /**
     * Open addressing with linear probing: slot i holds its key at {@code 2i} and its value at {@code 2i + 1}, so
     * a hit reads one line of the table and the key string (whose hash code it caches) rather than three
     * arrays; from 10k executions on, where the table is out of the nearest caches, each array was a miss.
     */
    private static final class Table {
        final Object[] slots;
        final int mask;

        Table(int capacity) {
            slots = new Object[capacity * 2];
            mask = capacity - 1;
        }

        int capacity() {
            return mask + 1;
        }
    }

    int size() {
        return size;
    }

    /** Adds or replaces the value of a key. Called only by the single writer. */
    void put(String key, V value) {
        Table t = table;
        if ((size + 1) * 2 > t.capacity()) {
            t = grow(t);
        }
        if (insert(t, key, value)) {
            size++;
        }
    }

    private static boolean insert(Table t, String key, Object value) {
        int hash = key.hashCode();
        Object[] slots = t.slots;
        for (int i = spread(hash) & t.mask; ; i = (i + 1) & t.mask) {
            String k = (String) slots[2 * i];
            if (k == null) {
                // the value first: a racing reader that sees the key may still see no value, and is discarded
                slots[2 * i + 1] = value;
                slots[2 * i] = key;
                return true;
            }
            if (k.hashCode() == hash && k.equals(key)) {
                slots[2 * i + 1] = value;
                return false;
            }
        }
    }

    private Table grow(Table old) {
        Table bigger = new Table(old.capacity() * 2);
        for (int i = 0; i < old.capacity(); i++) {
            Object key = old.slots[2 * i];
            if (key != null) {
                insert(bigger, (String) key, old.slots[2 * i + 1]);
            }
        }
        table = bigger;
        return bigger;
    }

    /** The value of the whole string {@code s} (its cached hash code; the intrinsic {@code equals}). */
    @SuppressWarnings("unchecked")
    V get(String s) {
        int hash = s.hashCode();
        Table t = table;
        Object[] slots = t.slots;
        for (int n = 0, i = spread(hash) & t.mask; n <= t.mask; n++, i = (i + 1) & t.mask) {
            Object k = slots[2 * i];
            if (k == null) {
                return null;
            }
            if (k == s || (((String) k).hashCode() == hash && ((String) k).equals(s))) {
                return (V) slots[2 * i + 1];
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
        int h = hash(hash(prefix == 0 ? 0 : prefix, s, from, to), suffix, 0, suffix.length());
        return find(h, s, from, to, prefix, suffix);
    }

    /**
     * The value of the key {@code s[0, to)}, the service of a queried method: its hash is derived from the
     * queried string's hash code (cached by the string, and computed already by the method's own lookup) and the
     * hash of the rest, which is shorter than the service ({@code /UnlistedMethod} of
     * {@code /zitadel.ext00001.v2.Ext00001Service/UnlistedMethod}): {@code hash(s) = hash(s[0, to)) * 31^m +
     * hash(s[to, end))} modulo 2<sup>32</sup> with {@code m = end - to}, and 31 is odd, so {@code 31^m} has an
     * inverse.
     */
    V getPrefix(String s, int to) {
        int rest = s.length() - to;
        int h = rest < INVERSE_POWERS_OF_31.length
                ? (s.hashCode() - hash(0, s, to, s.length())) * INVERSE_POWERS_OF_31[rest]
                : hash(0, s, 0, to);
        return find(h, s, 0, to, (char) 0, "");
    }

    /** {@code (31^m)^-1} modulo 2<sup>32</sup> for m below 256 (longer rests are rare: their prefix is hashed). */
    private static final int[] INVERSE_POWERS_OF_31 = new int[256];

    static {
        int inverse = 31;
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - 31 * inverse; // Newton's iteration: correct to twice as many low bits each time
        }
        int power = 1;
        for (int m = 0; m < INVERSE_POWERS_OF_31.length; m++) {
            INVERSE_POWERS_OF_31[m] = power;
            power *= inverse;
        }
    }

    /**
     * {@link String#hashCode}'s polynomial continued from {@code h} over {@code s[from, to)}, four characters a
     * step: the same value (arithmetic modulo 2<sup>32</sup>), with one multiplication from step to step in
     * the chain instead of four.
     */
    static int hash(int h, String s, int from, int to) {
        int i = from;
        for (; i + 3 < to; i += 4) {
            h = 923_521 * h + 29_791 * s.charAt(i) + 961 * s.charAt(i + 1) + 31 * s.charAt(i + 2) + s.charAt(i + 3);
        }
        for (; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    @SuppressWarnings("unchecked")
    private V find(int hash, String s, int from, int to, char prefix, String suffix) {
        Table t = table;
        Object[] slots = t.slots;
        int length = (prefix == 0 ? 0 : 1) + (to - from) + suffix.length();
        // bounded by the capacity, so a probe racing with a writer still ends
        for (int n = 0, i = spread(hash) & t.mask; n <= t.mask; n++, i = (i + 1) & t.mask) {
            Object k = slots[2 * i];
            if (k == null) {
                return null;
            }
            String key = (String) k;
            if (key.hashCode() == hash && key.length() == length && matches(key, s, from, to, prefix, suffix)) {
                return (V) slots[2 * i + 1];
            }
        }
        return null;
    }

    /** Whether {@code key} (of the probed length) is {@code prefix + s[from, to) + suffix}. */
    private static boolean matches(String key, String s, int from, int to, char prefix, String suffix) {
        if (prefix == 0 && suffix.isEmpty()) {
            // a service of a queried method: String.indexOf is an intrinsic that compares 16 bytes at a time,
            // and finds the key at from exactly when the region is the key (its length is checked)
            return s.indexOf(key, from) == from;
        }
        int at = 0;
        if (prefix != 0) {
            if (key.charAt(0) != prefix) {
                return false;
            }
            at = 1;
        }
        return same(key, at, s, from, to - from) && same(key, at + to - from, suffix, 0, suffix.length());
    }

    /**
     * {@code a[at, at + n) equals b[from, from + n)}; both ranges are within their strings. For the group and
     * slash-less regions and the lock-out guard (a service region is matched with {@code String.indexOf},
     * {@link #matches}). Not {@link String#regionMatches}: on Java 17 that was 60 % of a service fallback's CPU
     * samples (JFR), where this loop, which the JIT inlines, cut the fallback by a quarter (BENCHMARKS.md
     * "Scale goals").
     */
    static boolean same(String a, int at, String b, int from, int n) {
        for (int i = 0; i < n; i++) {
            if (a.charAt(at + i) != b.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Mixes every bit of a string's hash code into the low bits a slot is taken from (MurmurHash3's finalizer).
     * Linear probing needs it: names that differ only in their last characters ({@code fn000001},
     * {@code fn000002}, ...) have consecutive hash codes, which {@code h ^ (h >>> 16)} leaves consecutive, so
     * they filled runs of neighbouring slots that every probe of that run walked: for 100,000 names
     * {@code fn000000..fn099999} a lookup visited 3.7 slots on average and up to 265, a miss up to 340 (now 1.3,
     * 17 and 24; {@code RegionIndexTest}). Two multiplications a lookup.
     */
    static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        return h ^ (h >>> 16);
    }

    /** How many slots a lookup of {@code key} visits (for tests of the table's spread). */
    int slotsVisited(String key) {
        Table t = table;
        int n = 1;
        for (int i = spread(key.hashCode()) & t.mask; t.slots[2 * i] != null && !t.slots[2 * i].equals(key);
             i = (i + 1) & t.mask) {
            n++;
        }
        return n;
    }
}
