package io.executions.runtime;

import io.executions.projections.DeliveryView;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryPage;
import io.executions.domain.api.HostEvent;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.CodePoints;
import io.executions.domain.api.DeliveryAttempted;
import io.executions.domain.api.DeliveryDead;
import io.executions.domain.api.DeliveryEvent;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryRetried;
import io.executions.domain.api.DeliveryScheduled;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.DeliverySucceeded;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.TargetId;
import io.executions.projections.ExecutionQueries;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.ResolvedTarget;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Host events and durable delivery (docs/delivery.md): {@link #publish} stores one delivery per resolved
 * target, the worker delivers them at least once, and the delivery log answers {@link #search} and
 * {@link #retry}. Obtained from {@code Executions.deliveries()} when the engine was built with
 * {@code delivery(...)}; an engine without it creates no delivery table and runs no delivery thread.
 *
 * <p><b>Why a claimable table and not Axon's own tools.</b> Every delivery is an event stream in the
 * event store (aggregate {@code delivery-<id>}: {@link DeliveryScheduled}, one {@link DeliveryAttempted}
 * per attempt, {@link DeliverySucceeded}/{@link DeliveryDead}, {@link DeliveryRetried}), so the record
 * replays like everything else. What is due is kept in {@code exec_delivery}, a read model written by a
 * subscribing projector in the same transaction as those events (the pattern of the command-side
 * lookup). Axon 4's alternatives were weighed: a {@code DeadlineManager} without Axon Server or Quartz
 * is the {@code SimpleDeadlineManager}, which keeps deadlines in memory (lost on kill -9) and has no
 * notion of two processes; the JobRunr/Quartz/dbscheduler managers bring a scheduler and its own tables
 * to every host. A streaming processor (tracking tokens) hands out work by segment, not by item: a
 * failing target would block its whole segment, retries at different times per item cannot be
 * expressed, and its claims are per segment with a 10 s timeout, not per delivery. A row per delivery
 * claimed with {@code FOR UPDATE SKIP LOCKED} and a lease gives per-item backoff, exclusive attempts
 * across processes, and recovery after a crash (the lease expires), with the events as the audit record.
 *
 * <p><b>Transactional outbox.</b> {@link #publish(Connection, InstanceId, HostEvent, String)} writes the
 * delivery events and rows through the host's own connection (same PostgreSQL database as the engine's
 * store) without committing: the host's write and the deliveries commit or roll back together.
 */
public final class Deliveries {
    public static final String EVENT_INVALID = "Errors.Event.Invalid";
    public static final String DELIVERY_NOT_FOUND = "Errors.Delivery.NotFound";
    public static final String DELIVERY_NOT_DEAD = "Errors.Delivery.NotDead";
    /** Largest event payload accepted, in UTF-8 bytes (docs/delivery.md: 1 MiB). */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    static final String AGGREGATE_TYPE = "Delivery";
    private static final int MAX_FIELD_CODE_POINTS = 1000;
    private static final int MAX_ERROR_CHARS = 1000;

    private final DeliveryLog log;
    private final Tx tx;
    private final EventStore eventStore;
    private final Catalog catalog;
    private final ExecutionQueries queries;
    private final Clock clock;
    private final DeliveryConfig config;
    private final Runnable ensureReady;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Last (milliseconds << 12 | counter) handed out, so that ids sort in the order they were made. */
    private final java.util.concurrent.atomic.AtomicLong lastId = new java.util.concurrent.atomic.AtomicLong();
    private volatile Runnable wakeWorker = () -> { };
    private volatile DeliveryMetrics metrics = DeliveryMetrics.NONE;

    Deliveries(DeliveryLog log, Tx tx, EventStore eventStore, Catalog catalog, ExecutionQueries queries, Clock clock,
               DeliveryConfig config, Runnable ensureReady) {
        this.log = log;
        this.tx = tx;
        this.eventStore = eventStore;
        this.catalog = catalog;
        this.queries = queries;
        this.clock = clock;
        this.config = config;
        this.ensureReady = ensureReady;
    }

    /** How the log's writes are made atomic: a JDBC transaction, or the in-memory log's monitor. */
    interface Tx {
        <T> T inTransaction(Supplier<T> work);

        <T> T inHostTransaction(Connection connection, Supplier<T> work);
    }

    public DeliveryConfig config() {
        return config;
    }

    void onPublish(Runnable wakeWorker) {
        this.wakeWorker = wakeWorker;
    }

    void metrics(DeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    DeliveryLog log() {
        return log;
    }

    /** {@link #publish(InstanceId, HostEvent, String)} with the acting user {@code "host"}. */
    public long publish(InstanceId instance, HostEvent event) {
        return publish(instance, event, "host");
    }

    /**
     * Stores one delivery per target that the event's type resolves to (docs/contract.md "Resolution": event, most
     * specific group, all) and returns how many, once they are committed. An event type missing from the
     * catalog is 404 {@code Errors.Execution.ConditionInvalid}; a bad event (empty type, payload not a JSON
     * object or over 1 MiB, negative sequence) is 400 {@code Errors.Event.Invalid}, checked first. Nothing
     * is stored on a rejection.
     */
    public long publish(InstanceId instance, HostEvent event, String actor) {
        Prepared prepared = prepare(instance, event, actor);
        if (prepared.messages.isEmpty()) {
            return 0;
        }
        tx.inTransaction(() -> {
            eventStore.publish(prepared.messages);
            return null;
        });
        wakeWorker.run();
        return prepared.messages.size();
    }

    /**
     * The transactional outbox: as {@link #publish(InstanceId, HostEvent, String)}, but written through
     * {@code hostTransaction} (a connection to the engine's own PostgreSQL database, auto-commit off)
     * and left uncommitted. The deliveries exist when the host commits and vanish when it rolls back;
     * the worker sees them after the commit. Keep the host transaction short: the event store's
     * readers treat a gap older than 60 s as permanent.
     */
    public long publish(Connection hostTransaction, InstanceId instance, HostEvent event, String actor) {
        Objects.requireNonNull(hostTransaction, "hostTransaction");
        try {
            if (hostTransaction.getAutoCommit()) {
                throw new IllegalArgumentException("the host's connection must be in a transaction (auto-commit off)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the host connection's auto-commit mode", e);
        }
        Prepared prepared = prepare(instance, event, actor);
        if (prepared.messages.isEmpty()) {
            return 0;
        }
        tx.inHostTransaction(hostTransaction, () -> {
            eventStore.publish(prepared.messages);
            return null;
        });
        return prepared.messages.size();
    }

    private record Prepared(List<EventMessage<?>> messages) {
    }

    /**
     * The durable path of a {@code restAsync} target (docs/delivery.md): stores one delivery of {@code body} to
     * {@code target}, under the id the dispatcher gave the call (so its {@code X-Executions-Delivery} stays the
     * same on every attempt); the log shows the matched execution's id as its {@code eventType}. Returns once
     * the delivery is committed.
     */
    public DeliveryId scheduleCall(InstanceId instance, TargetId target, ExecutionId execution, String body,
                                   String deliveryId, String actor) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(body, "body");
        DeliveryId id = deliveryId == null || deliveryId.isEmpty() || deliveryId.length() > 64
                ? nextId(now()) : DeliveryId.of(deliveryId);
        EventMessage<?> message = message(new DeliveryScheduled(instance, id, target, execution.value(),
                execution, body, actor == null ? "" : actor, now()), 0);
        tx.inTransaction(() -> {
            eventStore.publish(message);
            return null;
        });
        wakeWorker.run();
        return id;
    }

    private Prepared prepare(InstanceId instance, HostEvent event, String actor) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(event, "event");
        String by = actor == null ? "" : actor;
        String eventType = event.eventType();
        if (eventType == null || eventType.isEmpty() || CodePoints.length(eventType) > MAX_FIELD_CODE_POINTS) {
            throw invalid("eventType must be 1 to 1000 characters");
        }
        for (String field : new String[] {event.aggregateId(), event.aggregateType(), event.resourceOwner(),
                event.userId()}) {
            if (field != null && CodePoints.length(field) > MAX_FIELD_CODE_POINTS) {
                throw invalid("aggregateID, aggregateType, resourceOwner and userID are at most 1000 characters");
            }
        }
        if (event.sequence() < 0) {
            throw invalid("sequence must not be negative");
        }
        JsonNode payload = payload(event.payload());
        if (!catalog.hasEventType(eventType)) {
            throw new Rejection(ErrorCode.NOT_FOUND, "EXEC-DLV-UNKNOWN-TYPE", MessageKeys.CONDITION_INVALID,
                    "event type '" + eventType + "' is not in the catalog");
        }
        ensureReady.run();
        Resolution resolution = queries.resolve(instance, ResolveQuery.event(eventType));
        if (resolution.targets().isEmpty()) {
            return new Prepared(List.of());
        }
        Instant at = now();
        Instant createdAt = event.createdAt() == null ? at : event.createdAt();
        String body = body(instance, event, createdAt, event.userId() == null ? by : event.userId(), payload);
        List<EventMessage<?>> messages = new ArrayList<>(resolution.targets().size());
        for (ResolvedTarget target : resolution.targets()) {
            DeliveryId id = nextId(at);
            messages.add(message(new DeliveryScheduled(instance, id, target.id(), eventType, resolution.matched(),
                    body, by, at), 0));
        }
        return new Prepared(messages);
    }

    /**
     * A time-ordered UUID (version 7 layout: milliseconds, then a counter, then random bits): the log
     * lists deliveries by (creation time, id), so one publish's deliveries keep the resolution order,
     * and a replay, which cannot know the order rows were inserted in, lists them the same way.
     */
    private DeliveryId nextId(Instant at) {
        long candidate = at.toEpochMilli() << 12;
        long value = lastId.updateAndGet(previous -> Math.max(previous + 1, candidate));
        long msb = ((value >>> 12) << 16) | (0x7L << 12) | (value & 0xFFF);
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return DeliveryId.of(new java.util.UUID(msb, lsb).toString());
    }

    private JsonNode payload(String text) {
        if (text == null) {
            return json.createObjectNode();
        }
        if (text.length() > MAX_PAYLOAD_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw invalid("payload is larger than 1 MiB");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            throw invalid("payload is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("payload must be a JSON object");
        }
        return node;
    }

    /** docs/dispatch.md's event payload, in its field order. */
    private String body(InstanceId instance, HostEvent event, Instant createdAt, String userId, JsonNode payload) {
        ObjectNode body = json.createObjectNode();
        body.put("aggregateID", orEmpty(event.aggregateId()));
        body.put("aggregateType", orEmpty(event.aggregateType()));
        body.put("resourceOwner", orEmpty(event.resourceOwner()));
        body.put("instanceID", instance.value());
        body.put("version", "v1");
        body.put("sequence", event.sequence());
        body.put("event_type", event.eventType());
        body.put("created_at", createdAt.toString());
        body.put("userID", userId);
        body.set("event_payload", payload);
        try {
            return json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException("could not write the delivery body", e);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Rejection invalid(String message) {
        return new Rejection(ErrorCode.INVALID_ARGUMENT, "EXEC-DLV-EVENT-INVALID", EVENT_INVALID, message);
    }

    /** The delivery log of the instance (docs/delivery.md), oldest first unless {@code asc} is false. */
    public DeliveryPage search(InstanceId instance, DeliverySearch search) {
        return log.search(instance, search);
    }

    /** One delivery of the instance; empty for an unknown id or another instance's. */
    public Optional<DeliveryView> get(InstanceId instance, DeliveryId id) {
        return log.find(id).filter(row -> row.instance().equals(instance)).map(DeliveryRow::view);
    }

    /**
     * Puts a dead delivery back: pending, due now, with a fresh attempt budget ({@code attempts} keeps
     * counting). A pending one is left as it is; a succeeded one is 400/9 {@code Errors.Delivery.NotDead};
     * an unknown id or another instance's is 404/5 {@code Errors.Delivery.NotFound}.
     */
    public DeliveryView retry(InstanceId instance, DeliveryId id, String actor) {
        DeliveryView view = tx.inTransaction(() -> {
            DeliveryRow row = log.lockForUpdate(id).filter(r -> r.instance().equals(instance))
                    .orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND, "EXEC-DLV-NOTFOUND", DELIVERY_NOT_FOUND,
                            "delivery '" + id + "' not found"));
            switch (row.status()) {
                case PENDING:
                    return row.view();
                case SUCCEEDED:
                    throw new Rejection(ErrorCode.FAILED_PRECONDITION, "EXEC-DLV-NOTDEAD", DELIVERY_NOT_DEAD,
                            "delivery '" + id + "' succeeded; only a dead delivery can be retried");
                default:
                    eventStore.publish(message(new DeliveryRetried(instance, id, actor == null ? "" : actor, now()),
                            row.seq() + 1));
                    return log.find(id).orElseThrow().view();
            }
        });
        if (view.status() == DeliveryStatus.PENDING) {
            wakeWorker.run();
        }
        return view;
    }

    // ---- the worker's side ----

    List<DeliveryRow> claim(String node, int max) {
        Instant now = now();
        return log.claim(node, now, now.plus(config.lease()), max);
    }

    /** Keeps the delivery claimed, unattempted, for {@code delay}: it is claimed again after that. */
    int holdBack(String node, DeliveryId id, Duration delay) {
        return log.holdClaim(node, id, now().plus(delay));
    }

    int release(String node, DeliveryId id) {
        return log.release(node, id);
    }

    /**
     * Records an attempt's outcome, if {@code node} still holds the claim: DeliveryAttempted, then
     * DeliverySucceeded, or DeliveryDead when the budget or the maximum age is spent, else the next
     * attempt after a backoff. Returns false when the claim was lost (nothing recorded).
     */
    boolean recordAttempt(DeliveryId id, String node, DeliveryOutcome outcome, String actor) {
        return tx.inTransaction(() -> {
            Optional<DeliveryRow> locked = log.lockForUpdate(id);
            if (locked.isEmpty() || !node.equals(locked.get().claimedBy())
                    || locked.get().status() != DeliveryStatus.PENDING) {
                return false;
            }
            DeliveryRow row = locked.get();
            Instant now = now();
            int attempt = row.attempts() + 1;
            String error = truncate(outcome.error());
            List<EventMessage<?>> events = new ArrayList<>(2);
            if (outcome.delivered()) {
                events.add(message(new DeliveryAttempted(row.instance(), id, attempt, outcome.outcome(),
                        outcome.httpStatus(), outcome.durationMs(), "", null, actor, now), row.seq() + 1));
                events.add(message(new DeliverySucceeded(row.instance(), id, attempt, actor, now), row.seq() + 2));
            } else {
                int used = attempt - row.budgetStart();
                boolean tooOld = config.maxAge() != null
                        && !Duration.between(row.budgetSince(), now).minus(config.maxAge()).isNegative();
                if (error.isEmpty()) {
                    error = outcome.outcome();
                }
                if (used >= config.maxAttempts() || tooOld) {
                    events.add(message(new DeliveryAttempted(row.instance(), id, attempt, outcome.outcome(),
                            outcome.httpStatus(), outcome.durationMs(), error, null, actor, now), row.seq() + 1));
                    events.add(message(new DeliveryDead(row.instance(), id, attempt, error, actor, now),
                            row.seq() + 2));
                } else {
                    Instant next = now.plus(config.backoff().delay(used, ThreadLocalRandom.current().nextDouble()))
                            .truncatedTo(ChronoUnit.MILLIS);
                    events.add(message(new DeliveryAttempted(row.instance(), id, attempt, outcome.outcome(),
                            outcome.httpStatus(), outcome.durationMs(), error, next, actor, now), row.seq() + 1));
                }
            }
            eventStore.publish(events);
            return true;
        });
    }

    /** The target is gone (deleted): no attempt can be made, the delivery is dead at once. */
    boolean recordTargetGone(DeliveryId id, String node, String actor) {
        return tx.inTransaction(() -> {
            Optional<DeliveryRow> locked = log.lockForUpdate(id);
            if (locked.isEmpty() || !node.equals(locked.get().claimedBy())
                    || locked.get().status() != DeliveryStatus.PENDING) {
                return false;
            }
            DeliveryRow row = locked.get();
            eventStore.publish(message(new DeliveryDead(row.instance(), id, row.attempts(),
                    "target '" + row.targetId() + "' was deleted", actor, now()), row.seq() + 1));
            return true;
        });
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    DeliveryMetrics metricsSink() {
        return metrics;
    }

    private static String truncate(String error) {
        String e = error == null ? "" : error;
        return e.length() <= MAX_ERROR_CHARS ? e : e.substring(0, MAX_ERROR_CHARS);
    }

    private static EventMessage<?> message(DeliveryEvent event, long seq) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, event.deliveryId().aggregateId(), seq, event,
                MetaData.emptyInstance(), IdentifierFactory.getInstance().generateIdentifier(), event.at());
    }

    // ---- replay ----

    /**
     * Folds every delivery event of the store into a fresh log and compares it with the live one (the
     * workers' claims left out): the differences, empty when the live log is exactly the replay.
     */
    public List<String> verifyReplay() {
        InMemoryDeliveryLog replayed = new InMemoryDeliveryLog();
        fold(replayed);
        List<String> live = log.all().stream().map(DeliveryRow::canonical).toList();
        List<String> fresh = replayed.all().stream().map(DeliveryRow::canonical).toList();
        List<String> differences = new ArrayList<>();
        java.util.Set<String> liveSet = new java.util.HashSet<>(live);
        java.util.Set<String> freshSet = new java.util.HashSet<>(fresh);
        for (String row : live) {
            if (!freshSet.contains(row)) {
                differences.add("live only: " + row);
            }
        }
        for (String row : fresh) {
            if (!liveSet.contains(row)) {
                differences.add("replay only: " + row);
            }
        }
        if (differences.isEmpty() && !live.equals(fresh)) {
            differences.add("same rows in a different order");
        }
        return differences;
    }

    /** Empties the delivery log and rebuilds it from the store (claims are dropped: workers claim again). */
    public long rebuild() {
        return tx.inTransaction(() -> {
            log.clear();
            return fold(log);
        });
    }

    private long fold(DeliveryLog target) {
        AnnotationEventHandlerAdapter projector = new AnnotationEventHandlerAdapter(new DeliveryLogProjector(target));
        long events = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (message.getPayload() instanceof DeliveryEvent) {
                    projector.handle(message);
                    events++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event store", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not fold the delivery events", e);
        }
        return events;
    }
}
