package io.executions.runtime;

import io.executions.domain.api.Condition;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionLists;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.policy.SetExecutionDecision;
import io.executions.projections.HistoryEntry;
import io.executions.projections.SafeChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** docs/safe-change.md through {@link Executions}: version and If-Match, plan, diff, revert. One subclass per store. */
abstract class SafeChangeContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected Executions engine;
    protected final MovableClock clock = new MovableClock(T0);

    abstract StorageConfig storage();

    @BeforeEach
    void startEngine() {
        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).clock(clock).build();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private Instant tick() {
        return clock.advanceSeconds(1);
    }

    private static SetExecution ifMatch(SetExecution command, long version) {
        return new SetExecution(command.instance(), command.condition(), command.entries(), command.actor(), version);
    }

    private SafeChange safe() {
        return engine.safeChange();
    }

    @Test
    void theVersionCountsTheInstancesExecutionAndTargetEventsOnBothSides() {
        assertThat(engine.instanceVersion(I1)).isZero();
        engine.createTarget(target(I1, "T1", "one"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(1), Entry.target("T1"))); // unchanged: nothing written
        engine.setExecution(set(I1, method(1)));
        engine.deleteTarget(new DeleteTarget(I1, TargetId.of("T1"), "u1"));

        assertThat(engine.instanceVersion(I1)).isEqualTo(4);
        assertThat(safe().version(I1)).isEqualTo(4);
        assertThat(engine.instanceVersion(io.executions.domain.api.InstanceId.of("other"))).isZero();
    }

    @Test
    void ifMatchWithAStaleVersionIsRefusedChangedAndWritesNothing() {
        engine.createTarget(target(I1, "T1", "one"));
        long planned = engine.instanceVersion(I1);
        engine.createTarget(target(I1, "T2", "two"));
        long events = engine.eventCount();

        Rejection refused = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(ifMatch(set(I1, method(1), Entry.target("T1")), planned)));

        assertThat(refused.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(refused.messageKey()).isEqualTo(MessageKeys.EXECUTION_CHANGED);
        assertThat(engine.eventCount()).isEqualTo(events);
        assertThat(engine.setExecution(ifMatch(set(I1, method(1), Entry.target("T1")), engine.instanceVersion(I1)))
                .written()).isTrue();
    }

    @Test
    void anUnchangedListStillNeedsACurrentVersion() {
        engine.createTarget(target(I1, "T1", "one"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        long stale = engine.instanceVersion(I1) - 1;

        Rejection refused = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(ifMatch(set(I1, method(1), Entry.target("T1")), stale)));

        assertThat(refused.messageKey()).isEqualTo(MessageKeys.EXECUTION_CHANGED);
    }

    @Test
    void twoPlannersRacingWithIfMatchExactlyOneApplies() throws Exception {
        engine.createTarget(target(I1, "T1", "one"));
        engine.createTarget(target(I1, "T2", "two"));
        for (int r = 0; r < 10; r++) {
            int round = r;
            long version = safe().plan(I1, set(I1, method(1), Entry.target("T1")), List.of()).version();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (String t : List.of("T1", "T2")) {
                    Entry entry = Entry.target(t);
                    Condition condition = method(round + 1); // a fresh execution: both lists would write
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            engine.setExecution(ifMatch(set(I1, condition, entry, Entry.target(round(t))), version));
                            return true;
                        } catch (Rejection e) {
                            assertThat(e.messageKey()).isEqualTo(MessageKeys.EXECUTION_CHANGED);
                            return false;
                        }
                    }));
                }
                start.countDown();
                int applied = 0;
                for (Future<Boolean> outcome : outcomes) {
                    applied += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(applied).as("round %d", round).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** The other target, so that each planner's list differs from what is stored. */
    private static String round(String t) {
        return t.equals("T1") ? "T2" : "T1";
    }

    @Test
    void aPlanListsEveryViolationInRuleOrderAndWritesNothing() {
        engine.createTarget(target(I1, "T1", "one"));
        long events = engine.eventCount();
        SetExecution bad = set(I1, Condition.requestMethod("/a.b.S/NotInCatalog"), Entry.target("nope"),
                Entry.include(method(5)));

        SafeChange.Plan plan = safe().plan(I1, bad, List.of());

        assertThat(plan.valid()).isFalse();
        assertThat(plan.violations()).extracting(Rejection::messageKey).containsExactly(
                MessageKeys.CONDITION_INVALID, MessageKeys.TARGET_NOT_FOUND, MessageKeys.INCLUDE_NOT_FOUND);
        assertThat(plan.change()).isEqualTo(SetExecutionDecision.Change.NONE);
        assertThat(plan.after()).isEqualTo(plan.before());
        assertThat(plan.affected()).isEmpty();
        assertThat(engine.eventCount()).isEqualTo(events);
        Rejection put = catchThrowableOfType(Rejection.class, () -> engine.setExecution(bad));
        assertThat(put.messageKey()).isEqualTo(plan.violations().get(0).messageKey());
    }

    @Test
    void aPlanShowsEveryExecutionWhoseResolvedListChangesThroughIncludes() {
        engine.createTarget(target(I1, "T1", "one"));
        engine.createTarget(target(I1, "T2", "two"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        engine.setExecution(set(I1, method(3), Entry.include(method(2))));
        engine.setExecution(set(I1, method(4), Entry.target("T2"))); // unrelated
        long version = engine.instanceVersion(I1);

        SetExecution change = set(I1, method(1), Entry.target("T1"), Entry.target("T2"));
        SafeChange.Plan plan = safe().plan(I1, change, List.of());

        assertThat(plan.valid()).isTrue();
        assertThat(plan.version()).isEqualTo(version);
        assertThat(plan.change()).isEqualTo(SetExecutionDecision.Change.SET);
        assertThat(plan.affected()).extracting(SafeChange.Affected::executionId)
                .containsExactly(method(1).id(), method(2).id(), method(3).id());
        assertThat(plan.affected().get(2).before()).containsExactly(TargetId.of("T1"));
        assertThat(plan.affected().get(2).after()).containsExactly(TargetId.of("T1"), TargetId.of("T2"));

        engine.setExecution(ifMatch(change, plan.version()));
        assertThat(engine.queries().resolve(I1, io.executions.projections.ResolveQuery.request("/a.b.S/M3"))
                .targets()).extracting(t -> t.id().value()).containsExactly("T1", "T2");
    }

    @Test
    void revertToAnInstantThenDiffFromItIsEmptyAndHistoryShowsTheRevertsActor() {
        engine.createTarget(target(I1, "T1", "one"));
        engine.createTarget(target(I1, "T2", "two"));
        tick();
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1)), Entry.target("T2")));
        Instant good = tick();
        tick();
        // after the good instant: method 2 drops the include, then method 1 is cleared, method 3 appears
        engine.setExecution(set(I1, method(2), Entry.target("T2")));
        engine.setExecution(set(I1, method(1)));
        engine.setExecution(set(I1, method(3), Entry.target("T1")));
        tick();

        assertThat(safe().diff(I1, good, clock.instant())).extracting(SafeChange.Change::executionId)
                .containsExactly(method(1).id(), method(2).id(), method(3).id());
        SetExecutionListsResult result = engine.setExecutionLists(
                new SetExecutionLists(I1, safe().listsAt(I1, good, null), "reverter"));

        assertThat(result.changes()).isEqualTo(3);
        assertThat(safe().diff(I1, good, clock.instant())).isEmpty();
        List<HistoryEntry> history = engine.queries().history(I1, method(2).id());
        assertThat(history.get(history.size() - 1).actor()).isEqualTo("reverter");
        assertThat(history.get(history.size() - 1).targets())
                .containsExactly(Entry.include(method(1)), Entry.target("T2"));
    }

    @Test
    void aRevertThatNeedsADeletedTargetIsRefusedNamingItAndWritesNothing() {
        engine.createTarget(target(I1, "T1", "one"));
        engine.createTarget(target(I1, "T2", "two"));
        tick();
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.target("T2")));
        Instant good = tick();
        tick();
        engine.setExecution(set(I1, method(1), Entry.target("T2")));
        engine.setExecution(set(I1, method(2)));
        engine.deleteTarget(new DeleteTarget(I1, TargetId.of("T1"), "u1"));
        long events = engine.eventCount();

        Rejection refused = catchThrowableOfType(Rejection.class, () -> engine.setExecutionLists(
                new SetExecutionLists(I1, safe().listsAt(I1, good, null), "reverter")));

        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refused.messageKey()).isEqualTo(MessageKeys.TARGET_NOT_FOUND);
        assertThat(refused.getMessage()).contains("'T1'");
        assertThat(engine.eventCount()).isEqualTo(events);
        assertThat(engine.queries().history(I1, method(2).id())).hasSize(2);
    }

    @Test
    void aRevertWritesInAnOrderEveryRuleAccepts() {
        // at the good instant: 3 includes 2 includes 1; now: 2 and 3 cleared, 5 includes 4 includes 1
        engine.createTarget(target(I1, "T1", "one"));
        tick();
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        engine.setExecution(set(I1, method(3), Entry.include(method(2))));
        Instant good = tick();
        tick();
        engine.setExecution(set(I1, method(3)));
        engine.setExecution(set(I1, method(2)));
        engine.setExecution(set(I1, method(4), Entry.include(method(1))));
        engine.setExecution(set(I1, method(5), Entry.include(method(4))));
        tick();

        // in the given order (5 before 4 would be fine, but 3 before 2 breaks rule 9 and 4 before 5 rule 12)
        List<SetExecutionLists.Wanted> lists = new ArrayList<>(safe().listsAt(I1, good, null));
        java.util.Collections.reverse(lists);
        SetExecutionListsResult result = engine.setExecutionLists(new SetExecutionLists(I1, lists, "reverter"));

        assertThat(lists).extracting(w -> w.condition().id()).containsExactly(
                method(5).id(), method(4).id(), method(3).id(), method(2).id());
        assertThat(result.changes()).isEqualTo(4);
        assertThat(safe().diff(I1, good, clock.instant())).isEmpty();
    }

    @Test
    void aDiffIncludesTheEventsDatedExactlyAtItsInstantsAndTargetDeletions() {
        engine.createTarget(target(I1, "T1", "one"));
        engine.createTarget(target(I1, "T2", "two"));
        Instant set = tick();
        engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("T2")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        Instant deleted = tick();
        engine.deleteTarget(new DeleteTarget(I1, TargetId.of("T2"), "u1"));

        assertThat(safe().diff(I1, set, set)).isEmpty();
        List<SafeChange.Change> untilSet = safe().diff(I1, T0, set);
        assertThat(untilSet).extracting(SafeChange.Change::executionId).containsExactly(method(1).id(), method(2).id());
        assertThat(untilSet.get(0).before()).isEmpty();
        List<SafeChange.Change> deletion = safe().diff(I1, set, deleted);
        assertThat(deletion).extracting(SafeChange.Change::executionId).containsExactly(method(1).id(), method(2).id());
        assertThat(deletion.get(1).before()).isEqualTo(deletion.get(1).after());
        assertThat(deletion.get(1).resolvedBefore()).containsExactly(TargetId.of("T1"), TargetId.of("T2"));
        assertThat(deletion.get(1).resolvedAfter()).containsExactly(TargetId.of("T1"));
    }

    /** A clock moved by hand. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        Instant advanceSeconds(long seconds) {
            return now.updateAndGet(i -> i.plusSeconds(seconds));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
