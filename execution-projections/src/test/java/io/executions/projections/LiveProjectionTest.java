package io.executions.projections;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.at;
import static io.executions.projections.EventDsl.removeTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static io.executions.projections.ProjectionFixture.deliver;
import static io.executions.projections.ProjectionFixture.ids;
import static io.executions.projections.ResolveQuery.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Read-your-writes through the live projector (ZITADEL issue 12185), and each event applied at most once
 * whichever projector brings it and however often.
 */
class LiveProjectionTest {
    private static final String METHOD = "/a.b.S/M";
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    @Test
    void theLiveProjectorAppliesAWriteWhenItsUnitOfWorkCommits() {
        fx.given(addTarget(I1, "T1"));
        DomainEventMessage<?> write = fx.message(set(I1, "request", target("T1")));

        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);
        deliver(fx.live, write);
        assertThat(fx.resolve(I1, request(METHOD))).isEqualTo(Resolution.NONE);
        command.commit();

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
    }

    @Test
    void theLiveProjectorLeavesNoTraceOfARolledBackUnitOfWork() {
        fx.given(addTarget(I1, "T1"));
        DomainEventMessage<?> write = fx.message(set(I1, "request", target("T1")));

        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);
        deliver(fx.live, write);
        command.rollback();

        assertThat(fx.resolve(I1, request(METHOD))).isEqualTo(Resolution.NONE);
        assertThat(fx.models.listExecutions(I1, ExecutionListQuery.all()).totalResult()).isZero();
    }

    @Test
    void aWriteIsResolvableAsSoonAsTheCommandsUnitOfWorkCommitsThroughASubscribingProcessor() {
        SubscribingEventProcessor processor = subscribingLiveProcessor();
        processor.start();
        try {
            AtomicReference<Resolution> duringCommit = new AtomicReference<>();
            UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);
            fx.store.publish(fx.message(addTarget(I1, "T1")), fx.message(set(I1, "request", target("T1"))));
            command.onCommit(u -> duringCommit.set(fx.resolve(I1, request(METHOD))));
            command.commit();

            assertThat(duringCommit.get()).isEqualTo(Resolution.NONE);
            assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
        } finally {
            processor.shutDown();
        }
    }

    @Test
    void aCommandThatFailsAfterPublishingLeavesTheLiveModelUntouched() {
        SubscribingEventProcessor processor = subscribingLiveProcessor();
        processor.start();
        try {
            UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);
            fx.store.publish(fx.message(addTarget(I1, "T1")), fx.message(set(I1, "request", target("T1"))));
            command.onCommit(u -> {
                throw new IllegalStateException("the transaction failed");
            });
            assertThatThrownBy(command::commit).hasMessage("the transaction failed");

            assertThat(fx.resolve(I1, request(METHOD))).isEqualTo(Resolution.NONE);
        } finally {
            processor.shutDown();
        }
    }

    private SubscribingEventProcessor subscribingLiveProcessor() {
        return SubscribingEventProcessor.builder()
                .name(LiveProjector.PROCESSING_GROUP)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(fx.models.liveProjector())
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                        .build())
                .messageSource(fx.store)
                .build();
    }

    @Test
    void withoutAUnitOfWorkTheLiveProjectorAppliesAtOnce() {
        fx.given(addTarget(I1, "T1"));

        deliver(fx.live, fx.record(set(I1, "request", target("T1"))));

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T1");
    }

    @Test
    void anEventBroughtByBothProjectorsIsAppliedOnce() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"));
        DomainEventMessage<?> first = fx.record(set(I1, "request", target("T1")));
        DomainEventMessage<?> second = fx.record(set(I1, "request", target("T2")));
        deliver(fx.live, first);
        deliver(fx.live, second);

        deliver(fx.tracking, first);
        deliver(fx.tracking, second);

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T2");
        assertThat(fx.models.apply(first)).isFalse();
        assertThat(fx.models.apply(second)).isFalse();
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        DomainEventMessage<?> added = fx.record(addTarget(I1, "T1"));
        DomainEventMessage<?> removed = fx.record(removeTarget(I1, "T1"));
        fx.given(set(I1, "request", target("T1")));
        deliver(fx.tracking, added);
        deliver(fx.tracking, removed);

        deliver(fx.tracking, added);

        assertThat(fx.resolve(I1, request(METHOD))).isEqualTo(Resolution.NONE);
        assertThat(fx.models.target(I1, ProjectionFixture.tid("T1"))).isEmpty();
    }

    @Test
    void aLateOlderEventOfAnotherProcessOnlyContributesTheCreationDate() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"));
        DomainEventMessage<?> older = fx.record(at(ProjectionFixture.START.plusSeconds(1),
                set(I1, "request", target("T1"))));
        DomainEventMessage<?> newer = fx.record(set(I1, "request", target("T2")));
        deliver(fx.live, newer);

        deliver(fx.tracking, older);

        assertThat(ids(fx.resolve(I1, request(METHOD)))).containsExactly("T2");
        ExecutionView view = fx.models.listExecutions(I1, ExecutionListQuery.all()).executions().get(0);
        assertThat(view.targets()).containsExactly(target("T2"));
        assertThat(view.creationDate()).isEqualTo(ProjectionFixture.START.plusSeconds(1));
        assertThat(view.changeDate()).isEqualTo(fx.now());
    }

    @Test
    void aReadModelEventThatIsNotADomainEventIsRefusedNotSkipped() {
        var notDomain = GenericEventMessage.asEventMessage(at(fx.tick(), addTarget(I1, "T1")));

        assertThatThrownBy(() -> fx.tracking.handle(notDomain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a domain event");
    }

    @Test
    void eventsOfOtherTypesAreIgnored() {
        assertThat(fx.models.apply(GenericEventMessage.asEventMessage("something else"))).isFalse();
    }
}
