package io.executions.projections;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.axonframework.eventhandling.DomainEventMessage;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start loads the read models from a snapshot and then applies the events that follow. The loaded models
 * must be the models that were written, and must change exactly as they would have, although a load leaves
 * the include and target indexes and the index by change date to be built later: aside, at any point
 * ({@link ReadModels#buildDeferredIndexes}), or by the first change that needs them.
 */
class SnapshotRoundTripTest {

    @Provide
    Arbitrary<List<RandomHistory.Op>> histories() {
        return RandomHistory.histories(80);
    }

    @Property(tries = 150)
    void aModelLoadedFromItsSnapshotChangesAsTheOriginalUnderTheEventsThatFollow(
            @ForAll("histories") List<RandomHistory.Op> ops, @ForAll @IntRange(min = 0, max = 80) int cut,
            @ForAll @IntRange(min = -1, max = 40) int buildAsideAt) throws IOException {
        try (ProjectionFixture original = new ProjectionFixture()) {
            RandomHistory.Interpreter history = new RandomHistory.Interpreter();
            int split = Math.min(cut, ops.size());
            for (RandomHistory.Op op : ops.subList(0, split)) {
                Object event = history.event(op);
                if (event != null) {
                    original.given(event);
                }
            }
            ReadModels loaded = ReadModels.readSnapshot(ByteBuffer.wrap(snapshot(original.models)),
                    LockOutGuard.DEFAULT, SecretSealer.NONE);
            assertSame(loaded, original.models, "right after the load", false);

            int step = 0;
            for (RandomHistory.Op op : ops.subList(split, ops.size())) {
                if (step++ == buildAsideAt) {
                    // as the runtime does after a start: built aside under the read lock, installed if still missing
                    loaded.buildDeferredIndexes();
                }
                Object event = history.event(op);
                if (event == null) {
                    continue;
                }
                DomainEventMessage<?> message = original.record(event);
                original.models.apply(message);
                loaded.apply(message);
                assertSame(loaded, original.models, "after " + event, false);
            }
            // the indexes a load leaves to be built are asked for only now, so the changes above found them unbuilt
            assertSame(loaded, original.models, "at the end", true);
        }
    }

    @Property(tries = 60)
    void aTruncatedSnapshotIsRefusedWithAnIoException(@ForAll("histories") List<RandomHistory.Op> ops,
                                                      @ForAll @IntRange(min = 0, max = 10_000) int keep)
            throws IOException {
        try (ProjectionFixture fx = new ProjectionFixture()) {
            RandomHistory.Interpreter history = new RandomHistory.Interpreter();
            for (RandomHistory.Op op : ops) {
                Object event = history.event(op);
                if (event != null) {
                    fx.given(event);
                }
            }
            byte[] whole = snapshot(fx.models);
            byte[] truncated = Arrays.copyOf(whole, Math.min(keep, whole.length - 1));

            assertThatThrownBy(() -> ReadModels.readSnapshot(ByteBuffer.wrap(truncated), LockOutGuard.DEFAULT,
                    SecretSealer.NONE)).isInstanceOf(IOException.class);
        }
    }

    @Property(tries = 1)
    void aSnapshotIsNotRestoredIntoModelsThatAppliedEventsAlready() throws IOException {
        try (ProjectionFixture fx = new ProjectionFixture()) {
            fx.given(EventDsl.addTarget(EventDsl.I1, "T1"));
            ReadModels loaded = ReadModels.readSnapshot(ByteBuffer.wrap(snapshot(fx.models)), LockOutGuard.DEFAULT,
                    SecretSealer.NONE);
            ReadModels fresh = new ReadModels(LockOutGuard.DEFAULT);
            fresh.restoreFrom(loaded);

            assertThat(fresh.canonicalState()).isEqualTo(fx.models.canonicalState());
            assertThatThrownBy(() -> fx.models.restoreFrom(loaded)).isInstanceOf(IllegalStateException.class);
        }
    }

    private static byte[] snapshot(ReadModels models) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        models.writeSnapshot(out, SecretSealer.NONE);
        out.flush();
        return bytes.toByteArray();
    }

    private static void assertSame(ReadModels loaded, ReadModels original, String when, boolean indexes) {
        assertThat(loaded.canonicalState()).as("stored state %s", when).isEqualTo(original.canonicalState());
        for (InstanceId instance : RandomHistory.INSTANCES) {
            InstanceModel a = loaded.instance(instance);
            InstanceModel b = original.instance(instance);
            assertThat(a == null).as("instance %s exists %s", instance, when).isEqualTo(b == null);
            if (a == null) {
                continue;
            }
            assertThat(a.flattenedLists()).as("flattened lists %s", when).isEqualTo(b.flattenedLists());
            assertThat(a.flattenedLists()).as("flattened lists from scratch %s", when)
                    .isEqualTo(a.flattenedListsFromScratch());
            assertThat(a.version()).as("instance version %s", when).isEqualTo(b.version());
            if (indexes) {
                for (String execution : RandomHistory.EXECUTIONS) {
                    ExecutionId id = ExecutionId.parse(execution);
                    assertThat(a.includersOf(id)).as("includers of %s %s", execution, when)
                            .isEqualTo(b.includersOf(id));
                }
                assertThat(a.executionsChangedAfter(ProjectionFixture.START))
                        .as("changed after the start %s", when)
                        .isEqualTo(b.executionsChangedAfter(ProjectionFixture.START));
            }
            for (ResolveQuery query : RandomHistory.QUERIES) {
                assertThat(a.resolve(query.type(), query.value())).as("%s %s", query, when)
                        .isEqualTo(b.resolve(query.type(), query.value()));
            }
        }
    }
}
