package io.executions.projections;

import io.executions.domain.api.InstanceId;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.List;

import static io.executions.projections.ProjectionFixture.deliver;
import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the read models over random valid histories. */
class ReadModelPropertiesTest {

    @Provide
    Arbitrary<List<RandomHistory.Op>> longHistories() {
        return RandomHistory.histories(300);
    }

    @Provide
    Arbitrary<List<RandomHistory.Op>> histories() {
        return RandomHistory.histories(60);
    }

    /**
     * The live side gets some events through the live projector (in committed units of work, some also at
     * once through the tracking one), then the tracking projector brings the whole store in order, as after
     * a restart or from another process. The result must equal a replay of the store.
     */
    @Property(tries = 40)
    void aReplayOfTheStoreEqualsTheLiveModelAfterALongRandomHistory(
            @ForAll("longHistories") List<RandomHistory.Op> ops) {
        try (ProjectionFixture fx = new ProjectionFixture()) {
            RandomHistory.Interpreter history = new RandomHistory.Interpreter();
            for (RandomHistory.Op op : ops) {
                Object event = history.event(op);
                if (event == null) {
                    continue;
                }
                DomainEventMessage<?> message = fx.record(event);
                if (op.viaLive()) {
                    DefaultUnitOfWork.startAndGet(message).execute(() -> deliver(fx.live, message));
                }
                if (op.duplicated()) {
                    deliver(fx.tracking, message);
                }
            }
            fx.history().forEach(message -> deliver(fx.tracking, message));

            ReplayReport report = fx.models.verifyAgainstReplay(fx.store, ReplayProgress.NONE);

            assertThat(report.differences()).isEmpty();
            assertThat(report.events()).isEqualTo(fx.history().size());
        }
    }

    @Property(tries = 100)
    void theIncrementalFlatteningEqualsARecomputationFromScratchAfterEveryChange(
            @ForAll("histories") List<RandomHistory.Op> ops) {
        try (ProjectionFixture fx = new ProjectionFixture()) {
            RandomHistory.Interpreter history = new RandomHistory.Interpreter();
            for (RandomHistory.Op op : ops) {
                Object event = history.event(op);
                if (event == null) {
                    continue;
                }
                fx.given(event);
                for (InstanceId instance : RandomHistory.INSTANCES) {
                    InstanceModel model = fx.models.instance(instance);
                    if (model != null) {
                        assertThat(model.flattenedLists()).isEqualTo(model.flattenedListsFromScratch());
                    }
                }
            }
        }
    }

    /** Checked after every change and twice per query, so a stale memoized answer would show. */
    @Property(tries = 100)
    void resolutionFollowsTheContractAfterEveryChange(@ForAll("histories") List<RandomHistory.Op> ops) {
        try (ProjectionFixture fx = new ProjectionFixture()) {
            RandomHistory.Interpreter history = new RandomHistory.Interpreter();
            for (RandomHistory.Op op : ops) {
                Object event = history.event(op);
                if (event == null) {
                    continue;
                }
                fx.given(event);
                for (InstanceId instance : RandomHistory.INSTANCES) {
                    for (ResolveQuery query : RandomHistory.QUERIES) {
                        Resolution expected = history.reference(instance, query, LockOutGuard.DEFAULT);
                        assertThat(fx.resolve(instance, query)).as("%s in %s", query, instance).isEqualTo(expected);
                        assertThat(fx.resolve(instance, query)).as("%s in %s again", query, instance)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }
}
