package io.executions.runtime;

import io.executions.projections.DeliveryView;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryPage;
import io.executions.domain.api.HostEvent;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.executions.runtime.Commands.I1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** docs/delivery.md through the Java API, on every store; one subclass per store. */
abstract class DeliveryContract {
    static final InstanceId I2 = InstanceId.of("i2");
    static final StaticCatalog CATALOG = new StaticCatalog(Map.of("a.b.S", List.of("M0")),
            List.of("user.human.added", "user.human.removed", "org.added"), List.of());

    protected Receiver receiver;
    protected Executions engine;

    abstract StorageConfig storage();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        receiver.close();
    }

    /** Short backoffs so that retries happen within a test. */
    static DeliveryConfig.Builder fast() {
        return DeliveryConfig.builder().initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100))
                .pollInterval(Duration.ofMillis(20)).lease(Duration.ofSeconds(10)).sender(new HttpDeliverySender());
    }

    Executions start(DeliveryConfig config) {
        engine = Executions.builder().storage(storage()).catalog(CATALOG).delivery(config).build();
        return engine;
    }

    void target(Executions e, InstanceId instance, String id, String path) {
        e.createTarget(new CreateTarget(instance, TargetId.of(id), "hook " + id, TargetType.REST_WEBHOOK, false,
                receiver.url(path), Duration.ofSeconds(2), "u1"));
    }

    static void execution(Executions e, InstanceId instance, Condition condition, String... targets) {
        e.setExecution(new io.executions.domain.api.SetExecution(instance, condition,
                java.util.Arrays.stream(targets).map(Entry::target).toList(), "u1"));
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    DeliveryPage log(Executions e, InstanceId instance, DeliverySearch.Filter... filters) {
        return e.deliveries().search(instance, new DeliverySearch(List.of(filters), 0, 0, true));
    }

    @Test
    void publishingStoresOneDeliveryPerTargetOfTheMostSpecificMatchAndAnswersTheCount() {
        Executions e = start(fast().sender(null).build());
        target(e, I1, "T1", "/1");
        target(e, I1, "T2", "/2");
        target(e, I1, "T3", "/3");
        execution(e, I1, Condition.eventGroup("user.human"), "T1", "T2");
        execution(e, I1, Condition.eventAll(), "T3");

        long deliveries = e.deliveries().publish(I1, HostEvent.of("user.human.added", "{\"id\":\"u9\"}"), "u1");

        assertThat(deliveries).isEqualTo(2);
        DeliveryPage page = log(e, I1);
        assertThat(page.totalResult()).isEqualTo(2);
        assertThat(page.deliveries()).extracting(DeliveryView::targetId)
                .containsExactly(TargetId.of("T1"), TargetId.of("T2"));
        assertThat(page.deliveries()).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(d.attempts()).isZero();
            assertThat(d.eventType()).isEqualTo("user.human.added");
            assertThat(d.nextAttempt()).isNotNull();
        });
        assertThat(e.deliveries().publish(I1, HostEvent.of("org.added"), "u1")).isEqualTo(1);
    }

    @Test
    void anEventNothingResolvesToAnswersZeroAndStoresNothing() {
        Executions e = start(fast().sender(null).build());
        long events = e.eventCount();

        assertThat(e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1")).isZero();

        assertThat(e.eventCount()).isEqualTo(events);
        assertThat(log(e, I1).totalResult()).isZero();
    }

    @Test
    void anUnknownEventTypeIsConditionInvalidAndABadEventIsEventInvalidFirst() {
        Executions e = start(fast().sender(null).build());
        target(e, I1, "T1", "/1");
        execution(e, I1, Condition.eventAll(), "T1");
        long events = e.eventCount();

        Rejection unknown = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().publish(I1, HostEvent.of("user.machine.added"), "u1"));
        Rejection badAndUnknown = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().publish(I1, HostEvent.of("user.machine.added", "[1]"), "u1"));
        Rejection empty = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().publish(I1, HostEvent.of(""), "u1"));
        Rejection tooLarge = catchThrowableOfType(Rejection.class, () -> e.deliveries().publish(I1,
                HostEvent.of("user.human.added", "{\"a\":\"" + "x".repeat(Deliveries.MAX_PAYLOAD_BYTES) + "\"}"), "u1"));
        Rejection notJson = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().publish(I1, HostEvent.of("user.human.added", "{"), "u1"));

        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(unknown.messageKey()).isEqualTo(MessageKeys.CONDITION_INVALID);
        for (Rejection r : List.of(badAndUnknown, empty, tooLarge, notJson)) {
            assertThat(r.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(r.messageKey()).isEqualTo("Errors.Event.Invalid");
        }
        assertThat(e.eventCount()).isEqualTo(events);
        assertThat(log(e, I1).totalResult()).isZero();
    }

    @Test
    void theWorkerSignsAndSendsTheSameDeliveryIdOnEveryRetryUntilA2xx() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.behaviour = r -> calls.incrementAndGet() <= 2 ? 500 : 204;
        Executions e = start(fast().build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");

        e.deliveries().publish(I1, new HostEvent("user.human.added", "u9", "user", "org1", 7,
                Instant.parse("2026-11-30T01:02:03Z"), "admin", "{\"name\":\"Ann\"}"), "u1");

        await(() -> !log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.SUCCEEDED)).deliveries().isEmpty(),
                Duration.ofSeconds(10));
        DeliveryView done = log(e, I1).deliveries().get(0);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.nextAttempt()).isNull();
        assertThat(receiver.requests).hasSize(3);
        assertThat(receiver.requests).extracting(Receiver.Request::deliveryId).containsOnly(done.id().value());
        Receiver.Request first = receiver.requests.get(0);
        assertThat(receiver.requests).extracting(Receiver.Request::body).containsOnly(first.body());
        assertThat(first.body()).isEqualTo("{\"aggregateID\":\"u9\",\"aggregateType\":\"user\",\"resourceOwner\":\"org1\","
                + "\"instanceID\":\"i1\",\"version\":\"v1\",\"sequence\":7,\"event_type\":\"user.human.added\","
                + "\"created_at\":\"2026-11-30T01:02:03Z\",\"userID\":\"admin\",\"event_payload\":{\"name\":\"Ann\"}}");
        String key = e.queries().target(I1, TargetId.of("T1")).orElseThrow().definition().signingKey();
        long t = Long.parseLong(first.signature().substring(2, first.signature().indexOf(',')));
        assertThat(first.signature()).isEqualTo(HttpDeliverySender.signature(key, t, first.body()));
    }

    @Test
    void aDeliveryIsDeadAfterItsAttemptsThenRetriedWithAFreshBudgetAndDelivered() throws Exception {
        receiver.behaviour = r -> 503;
        Executions e = start(fast().maxAttempts(3).build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");
        e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1");

        await(() -> !log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.DEAD)).deliveries().isEmpty(),
                Duration.ofSeconds(10));
        DeliveryView dead = log(e, I1).deliveries().get(0);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).isEqualTo("HTTP 503");
        Thread.sleep(200);
        assertThat(receiver.requests).hasSize(3);

        receiver.behaviour = r -> 200;
        DeliveryView retried = e.deliveries().retry(I1, dead.id(), "admin");
        assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retried.attempts()).isEqualTo(3);

        await(() -> log(e, I1).deliveries().get(0).status() == DeliveryStatus.SUCCEEDED, Duration.ofSeconds(10));
        assertThat(log(e, I1).deliveries().get(0).attempts()).isEqualTo(4);
        assertThat(receiver.requests).extracting(Receiver.Request::deliveryId).containsOnly(dead.id().value());
    }

    @Test
    void retryOfAPendingDeliveryChangesNothingOfASucceededOneIsNotDeadOfAnUnknownOrForeignOneIsNotFound()
            throws Exception {
        Executions e = start(fast().sender(null).build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");
        e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1");
        DeliveryView pending = log(e, I1).deliveries().get(0);
        long events = e.eventCount();

        assertThat(e.deliveries().retry(I1, pending.id(), "admin")).isEqualTo(pending);
        assertThat(e.eventCount()).isEqualTo(events);
        Rejection unknown = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().retry(I1, DeliveryId.of("nope"), "admin"));
        Rejection foreign = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().retry(I2, pending.id(), "admin"));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(unknown.messageKey()).isEqualTo("Errors.Delivery.NotFound");
        assertThat(foreign.messageKey()).isEqualTo("Errors.Delivery.NotFound");
        assertThat(e.deliveries().get(I2, pending.id())).isEmpty();
    }

    @Test
    void aDeliveryWhoseTargetWasDeletedIsDeadWithoutAnAttempt() throws Exception {
        receiver.behaviour = r -> 500;
        Executions e = start(fast().maxAttempts(1).build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");
        e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1");
        await(() -> log(e, I1).deliveries().get(0).status() == DeliveryStatus.DEAD, Duration.ofSeconds(10));
        e.deleteTarget(new io.executions.domain.api.DeleteTarget(I1, TargetId.of("T1"), "u1"));

        e.deliveries().retry(I1, log(e, I1).deliveries().get(0).id(), "admin");

        await(() -> log(e, I1).deliveries().get(0).status() == DeliveryStatus.DEAD, Duration.ofSeconds(10));
        DeliveryView dead = log(e, I1).deliveries().get(0);
        assertThat(dead.lastError()).isEqualTo("target 'T1' was deleted");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(receiver.requests).hasSize(1);
    }

    @Test
    void retryOfASucceededDeliveryIsNotDead() throws Exception {
        Executions e = start(fast().build());
        target(e, I1, "T1", "/hook");
        execution(e, I1, Condition.event("user.human.added"), "T1");
        e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1");
        await(() -> log(e, I1).deliveries().get(0).status() == DeliveryStatus.SUCCEEDED, Duration.ofSeconds(10));

        Rejection notDead = catchThrowableOfType(Rejection.class,
                () -> e.deliveries().retry(I1, log(e, I1).deliveries().get(0).id(), "admin"));

        assertThat(notDead.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(notDead.messageKey()).isEqualTo("Errors.Delivery.NotDead");
    }

    @Test
    void theLogFiltersAreAndCombinedAndPagesOldestFirst() {
        Executions e = start(fast().sender(null).build());
        target(e, I1, "T1", "/1");
        target(e, I1, "T2", "/2");
        execution(e, I1, Condition.event("user.human.added"), "T1", "T2");
        execution(e, I1, Condition.event("org.added"), "T2");
        target(e, I2, "T1", "/other");
        execution(e, I2, Condition.eventAll(), "T1");
        e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1");
        e.deliveries().publish(I1, HostEvent.of("org.added"), "u1");
        e.deliveries().publish(I1, HostEvent.of("user.human.added"), "u1");
        e.deliveries().publish(I2, HostEvent.of("org.added"), "u1");

        DeliveryPage t2 = log(e, I1, new DeliverySearch.ByTarget("T2"));
        DeliveryPage t2Org = log(e, I1, new DeliverySearch.ByTarget("T2"), new DeliverySearch.ByEventType("org.added"));
        DeliveryPage none = log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.DEAD));
        DeliveryPage all = log(e, I1);
        DeliveryPage page = e.deliveries().search(I1, new DeliverySearch(List.of(), 1, 2, true));
        DeliveryPage newestFirst = e.deliveries().search(I1, new DeliverySearch(List.of(), 0, 1, false));

        assertThat(t2.totalResult()).isEqualTo(3);
        assertThat(t2Org.totalResult()).isEqualTo(1);
        assertThat(none.totalResult()).isZero();
        assertThat(all.totalResult()).isEqualTo(5);
        assertThat(page.totalResult()).isEqualTo(5);
        assertThat(page.deliveries()).containsExactlyElementsOf(all.deliveries().subList(1, 3));
        assertThat(newestFirst.deliveries()).containsExactly(all.deliveries().get(4));
        assertThat(log(e, I2).totalResult()).isEqualTo(1);
    }

    @Test
    void replayingTheStoreGivesTheSameDeliveryLog() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.behaviour = r -> calls.incrementAndGet() % 3 == 0 ? 200 : 500;
        Executions e = start(fast().maxAttempts(2).build());
        target(e, I1, "T1", "/1");
        target(e, I1, "T2", "/2");
        execution(e, I1, Condition.eventAll(), "T1", "T2");
        for (int i = 0; i < 10; i++) {
            e.deliveries().publish(I1, HostEvent.of("org.added"), "u1");
        }
        await(() -> log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.PENDING)).totalResult() == 0,
                Duration.ofSeconds(20));
        DeliveryView dead = log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.DEAD)).deliveries().get(0);
        receiver.behaviour = r -> 500;
        e.deliveries().retry(I1, dead.id(), "admin");
        await(() -> log(e, I1, new DeliverySearch.ByStatus(DeliveryStatus.PENDING)).totalResult() == 0,
                Duration.ofSeconds(20));
        List<DeliveryView> before = log(e, I1).deliveries();
        assertThat(before.stream().filter(d -> d.id().equals(dead.id())).findFirst().orElseThrow().attempts())
                .isEqualTo(4);

        assertThat(e.deliveries().verifyReplay()).isEmpty();
        e.deliveries().rebuild();

        assertThat(log(e, I1).deliveries()).containsExactlyElementsOf(before);
    }
}
