package io.executions.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateCacheTest {

    @Test
    void aFullCacheDropsTheLeastRecentlyUsedAggregate() {
        AggregateCache cache = new AggregateCache(2, () -> true);
        cache.put("a", 1);
        cache.put("b", 2);

        cache.get("a"); // a is now more recent than b
        cache.put("c", 3);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.<String, Integer>get("c")).isEqualTo(3);
    }

    @Test
    void aRemovedAggregateIsReadFromTheStoreNextTime() {
        AggregateCache cache = new AggregateCache(10, () -> true);
        cache.put("a", 1);

        assertThat(cache.remove("a")).isTrue();

        assertThat(cache.<String, Integer>get("a")).isNull();
        assertThat(cache.remove("a")).isFalse();
    }

    @Test
    void putIfAbsentKeepsTheEntryThatIsThere() {
        AggregateCache cache = new AggregateCache(10, () -> true);

        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();

        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
    }

    @Test
    void onceTheStoreHasAnotherWriterNothingKeptIsAnsweredOrKept() {
        boolean[] sole = {true};
        AggregateCache cache = new AggregateCache(10, () -> sole[0]);
        cache.put("a", 1);

        sole[0] = false;
        cache.put("b", 2);

        assertThat(cache.<String, Integer>get("a")).isNull();
        assertThat(cache.<String, Integer>get("b")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anAggregateWithoutIdIsNotKept() {
        AggregateCache cache = new AggregateCache(10, () -> true);

        cache.put(null, 1);

        assertThat(cache.size()).isZero();
    }

    @Test
    void aCacheOfNoEntriesIsRefused() {
        assertThatThrownBy(() -> new AggregateCache(0, () -> true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
