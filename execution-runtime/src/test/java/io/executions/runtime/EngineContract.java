package io.executions.runtime;

import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.UpdateTarget;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What every storage must do through {@link Executions}; one subclass per storage. */
abstract class EngineContract {
    protected Executions engine;

    abstract StorageConfig storage();

    @BeforeEach
    void startEngine() {
        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).build();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSetExecutionWithAnIncludeIsWrittenEndToEnd() {
        engine.createTarget(target(I1, "T1", "hook one"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));

        SetExecutionResult result = engine.setExecution(set(I1, method(2), Entry.target("T1"), Entry.include(method(1))));

        assertThat(result.written()).isTrue();
        Object last = lastEvent();
        assertThat(last).isInstanceOf(ExecutionSet.class);
        ExecutionSet stored = (ExecutionSet) last;
        assertThat(stored.executionId()).isEqualTo(method(2).id());
        assertThat(stored.entries()).containsExactly(Entry.target("T1"), Entry.include(method(1)));
        assertThat(stored.at()).isEqualTo(result.setDate());
    }

    @Test
    void resendingTheStoredListWritesNothingAndAnswersTheLastChange() {
        engine.createTarget(target(I1, "T1", "hook one"));
        SetExecutionResult first = engine.setExecution(set(I1, method(1), Entry.target("T1")));
        long events = engine.eventCount();

        SetExecutionResult again = engine.setExecution(set(I1, method(1), Entry.target("T1")));

        assertThat(again).isEqualTo(new SetExecutionResult(first.setDate(), false));
        assertThat(engine.eventCount()).isEqualTo(events);
    }

    @Test
    void anExecutionWithMoreEventsThanOneReadBatchIsLoadedWhole() {
        engine.createTarget(target(I1, "T1", "hook one"));
        engine.createTarget(target(I1, "T2", "hook two"));
        // 250 events: the aggregate is read in three batches of at most 100
        for (int i = 0; i < 250; i++) {
            engine.setExecution(set(I1, method(1), Entry.target(i % 2 == 0 ? "T1" : "T2")));
        }

        SetExecutionResult sameAsLast = engine.setExecution(set(I1, method(1), Entry.target("T2")));
        SetExecutionResult other = engine.setExecution(set(I1, method(1), Entry.target("T1")));

        assertThat(sameAsLast.written()).isFalse();
        assertThat(other.written()).isTrue();
    }

    @Test
    void theFirstMissingTargetOfAListIsNamedWhateverTheOthers() {
        engine.createTarget(target(I1, "T1", "hook one"));
        engine.createTarget(target(I1, "T3", "hook three"));

        Rejection rejection = catchThrowableOfType(Rejection.class, () -> engine.setExecution(
                set(I1, method(1), Entry.target("T1"), Entry.target("T9"), Entry.target("T3"), Entry.target("T8"))));

        assertThat(rejection.messageKey()).isEqualTo(MessageKeys.TARGET_NOT_FOUND);
        assertThat(rejection.getMessage()).contains("'T9'").doesNotContain("'T8'");
    }

    @Test
    void anExecutionSetAgainAfterBeingClearedCanBeIncludedAgain() {
        engine.createTarget(target(I1, "T1", "hook one"));
        engine.createTarget(target(I1, "T2", "hook two"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(1)));
        engine.setExecution(set(I1, method(1), Entry.target("T2"), Entry.target("T1")));

        SetExecutionResult includer = engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        Rejection stillIncluded = catchThrowableOfType(Rejection.class, () -> engine.setExecution(set(I1, method(1))));

        assertThat(includer.written()).isTrue();
        assertThat(stillIncluded.messageKey()).isEqualTo(MessageKeys.STILL_INCLUDED);
    }

    @Test
    void aRejectedCommandWritesNothing() {
        engine.createTarget(target(I1, "T1", "hook one"));
        long events = engine.eventCount();

        Rejection rejection = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(set(I1, method(2), Entry.target("T1"), Entry.include(method(1)))));

        assertThat(rejection.messageKey()).isEqualTo(MessageKeys.INCLUDE_NOT_FOUND);
        assertThat(engine.eventCount()).isEqualTo(events);
    }

    @Test
    void anIncludeCycleIsRejectedThroughTheStoredLookup() {
        engine.createTarget(target(I1, "T1", "hook one"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        long events = engine.eventCount();

        Rejection rejection = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(set(I1, method(1), Entry.include(method(2)))));

        assertThat(rejection.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(rejection.messageKey()).isEqualTo(MessageKeys.CIRCULAR_INCLUDE);
        assertThat(engine.eventCount()).isEqualTo(events);
    }

    @Test
    void clearingAnIncludedExecutionIsRefusedAndClearingAfterwardsWorks() {
        engine.createTarget(target(I1, "T1", "hook one"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1))));

        Rejection rejection = catchThrowableOfType(Rejection.class, () -> engine.setExecution(set(I1, method(1))));
        engine.setExecution(set(I1, method(2), Entry.target("T1")));
        SetExecutionResult cleared = engine.setExecution(set(I1, method(1)));

        assertThat(rejection.messageKey()).isEqualTo(MessageKeys.STILL_INCLUDED);
        assertThat(cleared.written()).isTrue();
        assertThat(lastEvent()).isInstanceOf(ExecutionCleared.class);
    }

    @Test
    void targetNamesAreUniquePerInstanceUntilTheTargetIsDeleted() {
        engine.createTarget(target(I1, "T1", "hook"));

        Rejection duplicate = catchThrowableOfType(Rejection.class,
                () -> engine.createTarget(target(I1, "T2", "hook")));
        engine.updateTarget(new UpdateTarget(I1, TargetId.of("T1"), "renamed", null, null, null, null, null, "u1"));
        TargetResult reused = engine.createTarget(target(I1, "T2", "hook"));
        engine.deleteTarget(new DeleteTarget(I1, TargetId.of("T2"), "u1"));
        TargetResult afterDelete = engine.createTarget(target(I1, "T3", "hook"));

        assertThat(duplicate.messageKey()).isEqualTo(MessageKeys.TARGET_ALREADY_EXISTS);
        assertThat(reused.signingKey()).isNotBlank();
        assertThat(afterDelete.signingKey()).isNotBlank();
    }

    @Test
    void aDeletedTargetCannotBeListed() {
        engine.createTarget(target(I1, "T1", "hook"));
        engine.deleteTarget(new DeleteTarget(I1, TargetId.of("T1"), "u1"));

        Rejection rejection = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(set(I1, method(1), Entry.target("T1"))));

        assertThat(rejection.messageKey()).isEqualTo(MessageKeys.TARGET_NOT_FOUND);
    }

    @Test
    void theReadModelsCatchUpAfterStart() {
        engine.createTarget(target(I1, "T1", "hook"));

        assertThat(engine.awaitCaughtUp(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(engine.isCaughtUp()).isTrue();
    }

    @Test
    void aFailingSubscribingHandlerRollsBackTheEventAndTheLookup() {
        engine.close();
        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG)
                .readSide(FailingReadSide::new).build();

        RuntimeException failure = catchThrowableOfType(RuntimeException.class,
                () -> engine.createTarget(target(I1, "T1", "boom")));
        long events = engine.eventCount();
        Rejection unknown = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(set(I1, method(1), Entry.target("T1"))));

        assertThat(failure).hasMessageContaining("boom");
        assertThat(events).isZero();
        assertThat(unknown.messageKey()).isEqualTo(MessageKeys.TARGET_NOT_FOUND);
    }

    /** A read side whose live projector fails on a target named "boom". */
    static final class FailingReadSide implements io.executions.projections.ReadSide {
        private final io.executions.projections.ReadModels models;

        FailingReadSide(io.executions.projections.LockOutGuard guard) {
            models = new io.executions.projections.ReadModels(guard);
        }

        static final class Failing {
            @org.axonframework.eventhandling.EventHandler
            void on(io.executions.domain.api.TargetAdded event) {
                if (event.definition().name().equals("boom")) {
                    throw new IllegalStateException("boom: the live read model failed");
                }
            }
        }

        private final Failing live = new Failing();

        @Override
        public Object liveProjector() {
            return live;
        }

        @Override
        public Object trackingProjector() {
            return models.trackingProjector();
        }

        @Override
        public io.executions.projections.ExecutionQueries queries(
                org.axonframework.eventsourcing.eventstore.EventStore store) {
            return models.queries(store);
        }

        @Override
        public io.executions.projections.ReplayReport verifyAgainstReplay(
                org.axonframework.eventsourcing.eventstore.EventStore store,
                io.executions.projections.ReplayProgress progress) {
            return models.verifyAgainstReplay(store, progress);
        }
    }

    protected List<Object> allEvents() {
        return allEvents(engine);
    }

    static List<Object> allEvents(Executions engine) {
        List<Object> events = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = engine.axonConfiguration().eventStore().openStream(null)) {
            while (stream.hasNextAvailable()) {
                events.add(stream.nextAvailable().getPayload());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return events;
    }

    private Object lastEvent() {
        List<Object> events = allEvents();
        return events.get(events.size() - 1);
    }
}
