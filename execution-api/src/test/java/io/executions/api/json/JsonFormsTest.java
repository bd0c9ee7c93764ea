package io.executions.api.json;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protobuf JSON forms of timestamps and durations the answers use. */
class JsonFormsTest {
    @Test
    void timestampsAreUtcWithMilliseconds() {
        assertThat(Timestamps.format(Instant.parse("2024-12-18T07:50:47.492Z"))).isEqualTo("2024-12-18T07:50:47.492Z");
        assertThat(Timestamps.format(Instant.parse("2024-12-18T07:50:47Z"))).isEqualTo("2024-12-18T07:50:47.000Z");
    }

    @Test
    void theZeroTimeIsWrittenExactlyAsZitadelDoes() {
        assertThat(Timestamps.format(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void timestampsWithAnOffsetAreReadAsTheSameInstant() {
        assertThat(Timestamps.parse("2024-12-18T09:50:47.492+02:00", "at"))
                .isEqualTo(Instant.parse("2024-12-18T07:50:47.492Z"));
        assertThatThrownBy(() -> Timestamps.parse("2024-12-18", "at")).isInstanceOf(ShapeException.class)
                .hasMessageContaining("'at'");
    }

    @Test
    void durationsAreSecondsWithTheShortestExactFraction() {
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofNanos(1))).isEqualTo("0.000000001s");
        assertThat(Durations.parse("1.5s", "timeout")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("270s", "timeout")).isEqualTo(Duration.ofSeconds(270));
    }

    @Test
    void durationsWithoutTheSecondsSuffixOrWithAUnitAreRefused() {
        for (String bad : new String[]{"10", "10ms", "1m", "s", ".5s", "1.s", "PT10S"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "timeout")).as(bad).isInstanceOf(ShapeException.class);
        }
    }
}
