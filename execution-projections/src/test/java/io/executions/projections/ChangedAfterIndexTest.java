package io.executions.projections;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.ExecutionId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.at;
import static io.executions.projections.EventDsl.cleared;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Diff and revert (docs/safe-change.md) ask the model which executions changed after an instant; the model answers
 * from an index by change date instead of scanning every execution. The answer must be the scan's: every
 * execution whose last event is dated strictly after the instant, whatever order the dates came in.
 */
class ChangedAfterIndexTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> EXECUTIONS = List.of("function/f0", "function/f1", "function/f2",
            "function/f3", "function/f4", "function/f5");

    /** One event: which execution, set or cleared, and its date (few distinct dates, so ties happen). */
    record Change(int execution, boolean clear, int millis) {
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        return Combinators.combine(Arbitraries.integers().between(0, EXECUTIONS.size() - 1),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 6)).as(Change::new).list().ofMaxSize(40);
    }

    @Property(tries = 100)
    void theExecutionsChangedAfterAnInstantAreThoseWhoseLastEventIsLaterAlsoAfterASnapshot(
            @ForAll("changes") List<Change> changes, @ForAll("instants") Instant since) throws IOException {
        InstanceModel model = new InstanceModel(I1, LockOutGuard.DEFAULT);
        Map<String, Long> sequences = new HashMap<>();
        Map<String, Instant> lastChange = new HashMap<>();
        for (Change change : changes) {
            String id = EXECUTIONS.get(change.execution());
            Instant date = T0.plusMillis(change.millis());
            Object event = at(date, change.clear() ? cleared(I1, id) : set(I1, id, target("T1")));
            String aggregate = AggregateIds.execution(I1, ExecutionId.parse(id));
            long sequence = sequences.merge(aggregate, 0L, (a, b) -> a + 1);
            assertThat(model.apply(aggregate, sequence, event)).isTrue();
            lastChange.put(id, date);
        }
        Set<String> expected = lastChange.entrySet().stream().filter(e -> e.getValue().isAfter(since))
                .map(Map.Entry::getKey).collect(Collectors.toSet());

        assertThat(ids(model.executionsChangedAfter(since))).isEqualTo(expected);
        assertThat(ids(roundTrip(model).executionsChangedAfter(since))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-1, 7).map(T0::plusMillis),
                Arbitraries.integers().between(0, 6).map(ms -> T0.plusMillis(ms).minusNanos(1)),
                Arbitraries.of(Instant.MIN, Instant.MAX));
    }

    private static Set<String> ids(List<StoredExecution> executions) {
        Set<String> out = new HashSet<>();
        executions.forEach(e -> out.add(e.id().value()));
        assertThat(out).hasSameSizeAs(executions);
        return out;
    }

    private static InstanceModel roundTrip(InstanceModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.writeTo(new SnapshotCodec.Writer(new DataOutputStream(bytes), SecretSealer.NONE));
        return InstanceModel.readFrom(I1, LockOutGuard.DEFAULT,
                new SnapshotCodec.Reader(ByteBuffer.wrap(bytes.toByteArray()), SecretSealer.NONE));
    }
}
