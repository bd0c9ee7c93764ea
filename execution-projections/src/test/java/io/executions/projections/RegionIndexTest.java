package io.executions.projections;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The index resolution probes (docs/contract.md "Resolution"; BENCHMARKS.md "Scale goals": no latency cliff). */
class RegionIndexTest {

    @Test
    void namesThatDifferOnlyInTheirLastCharactersStillFindTheirSlotInAFewSteps() {
        // given 100,000 functions named like a host's generated ones: consecutive hash codes
        RegionIndex<String> index = new RegionIndex<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            String name = String.format(Locale.ROOT, "fn%06d", i);
            names.add(name);
            index.put(name, name);
        }
        // when every one is looked up
        long visited = 0;
        int longest = 0;
        for (String name : names) {
            int n = index.slotsVisited(name);
            visited += n;
            longest = Math.max(longest, n);
            assertThat(index.get(name)).isSameAs(name);
        }
        // then a lookup visits under two slots on average and never a long run (h ^ h >>> 16: up to hundreds)
        assertThat((double) visited / names.size()).isLessThan(2.0);
        assertThat(longest).isLessThanOrEqualTo(32);
    }

    @Test
    void theHashOfARegionIsTheHashCodeOfThatRegionAsAString() {
        // given strings of every length to 70, Latin-1 and not
        Random random = new Random(3);
        for (int round = 0; round < 5_000; round++) {
            int length = random.nextInt(70);
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < length; c++) {
                text.append(round % 3 == 0 ? (char) (0x100 + random.nextInt(0x2000)) : (char) (' ' + random.nextInt(95)));
            }
            String s = text.toString();
            int from = length == 0 ? 0 : random.nextInt(length);
            int to = from + (length == from ? 0 : random.nextInt(length - from + 1));
            // when a region is hashed, then it is the region's String.hashCode, continued from a prefix too
            assertThat(RegionIndex.hash(0, s, from, to)).isEqualTo(s.substring(from, to).hashCode());
            assertThat(RegionIndex.hash('/', s, from, to)).isEqualTo(("/" + s.substring(from, to)).hashCode());
        }
    }

    @Test
    void aRegionOfAQueriedStringFindsTheKeyThatEqualsIt() {
        // given services, methods and groups of many lengths
        RegionIndex<String> index = new RegionIndex<>();
        Random random = new Random(5);
        List<String> services = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder service = new StringBuilder("/a");
            int length = random.nextInt(60);
            for (int c = 0; c < length; c++) {
                service.append((char) ('a' + random.nextInt(26)));
            }
            services.add(service.toString());
            index.put(service.toString(), service.toString());
            index.put(service.substring(1) + ".*", "group " + service);
        }
        for (String service : services) {
            String method = service + "/Method" + service.length();
            // when each is probed with a region of a longer string, with and without a prefix and a suffix
            // then the key equal to prefix + region + suffix answers, and a region one character short does not
            assertThat(index.get(method, 0, service.length(), (char) 0, "")).isEqualTo(service);
            assertThat(index.getPrefix(method, service.length())).isEqualTo(service);
            assertThat(index.getPrefix(method + "x".repeat(300), service.length())).isEqualTo(service);
            assertThat(index.getPrefix(method, service.length() - 1)).isNotEqualTo(service);
            assertThat(index.get(method, 1, service.length(), '/', "")).isEqualTo(service);
            assertThat(index.get(method, 1, service.length(), (char) 0, ".*")).isEqualTo("group " + service);
            assertThat(index.get(method, 0, service.length() - 1, (char) 0, "")).isNotEqualTo(service);
        }
    }
}
