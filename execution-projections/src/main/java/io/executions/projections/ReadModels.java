package io.executions.projections;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionsEvent;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The read models (SPEC sections 6 to 8), folded from the events only, one independent model per instance.
 * Fed by two projectors, each event applied at most once keyed by (aggregate identifier, sequence number).
 */
public final class ReadModels implements ReadSide {
    /** How often a long replay reports progress. */
    static final int PROGRESS_EVERY = 10_000;

    private final LockOutGuard guard;
    private final ConcurrentHashMap<InstanceId, InstanceModel> instances = new ConcurrentHashMap<>();
    private final LiveProjector live = new LiveProjector(this);
    private final TrackingProjector tracking = new TrackingProjector(this);

    public ReadModels(LockOutGuard guard) {
        this.guard = Objects.requireNonNull(guard, "lock-out guard");
    }

    @Override
    public Object liveProjector() {
        return live;
    }

    @Override
    public Object trackingProjector() {
        return tracking;
    }

    @Override
    public ExecutionQueries queries(EventStore store) {
        return new StoreBackedQueries(this, Objects.requireNonNull(store, "event store"));
    }

    /** SPEC section 13 (plan, diff, revert lists, lint) over these models and the store's histories. */
    @Override
    public SafeChange safeChange(EventStore store, Catalog catalog, ExecutionLimits limits, Clock clock) {
        return new SafeChange(this, Objects.requireNonNull(store, "event store"), catalog, limits, clock);
    }

    /**
     * Applies one event now, unless it was applied already. Events of other types are ignored; an event of a
     * read-model type that is not a domain event (so has no aggregate sequence to deduplicate by) is refused.
     *
     * @return whether the event changed the model
     */
    public boolean apply(EventMessage<?> message) {
        Object payload = message.getPayload();
        InstanceId instance = instanceOf(payload);
        if (instance == null) {
            return false;
        }
        if (!(message instanceof DomainEventMessage<?> domain)) {
            throw new IllegalArgumentException("read-model event " + message.getPayloadType().getName()
                    + " is not a domain event: it has no aggregate sequence number");
        }
        InstanceModel model = instances.computeIfAbsent(instance, id -> new InstanceModel(id, guard));
        return model.apply(domain.getAggregateIdentifier(), domain.getSequenceNumber(), payload);
    }

    /** SPEC section 7 from the live model: no database, nothing deserialized; memoized per instance. */
    public Resolution resolve(InstanceId instance, ResolveQuery query) {
        InstanceModel model = instances.get(instance);
        return model == null ? Resolution.NONE : model.resolve(query.type(), query.value());
    }

    /** Whether the next resolution of this query is answered from the memo (for tests of invalidation). */
    boolean isMemoized(InstanceId instance, ResolveQuery query) {
        InstanceModel model = instances.get(instance);
        return model != null && model.isMemoized(query.type(), query.value());
    }

    ExecutionPage listExecutions(InstanceId instance, ExecutionListQuery query) {
        InstanceModel model = instances.get(instance);
        return model == null ? new ExecutionPage(0, List.of()) : model.list(query);
    }

    Optional<TargetView> target(InstanceId instance, TargetId id) {
        InstanceModel model = instances.get(instance);
        return model == null ? Optional.empty() : model.target(id);
    }

    TargetPage searchTargets(InstanceId instance, TargetSearch search) {
        InstanceModel model = instances.get(instance);
        return model == null ? new TargetPage(0, List.of()) : model.searchTargets(search);
    }

    LockOutGuard guard() {
        return guard;
    }

    @Override
    public ReplayReport verifyAgainstReplay(EventStore store, ReplayProgress progress) {
        long started = System.nanoTime();
        ReadModels replayed = new ReadModels(guard);
        long events = replayed.foldStore(store, message -> true, progress == null ? ReplayProgress.NONE : progress);
        List<String> differences = compare(canonicalState(), replayed.canonicalState());
        return new ReplayReport(events, differences, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Reads the whole store from its tail and applies every event the filter accepts.
     *
     * @return the number of events read
     */
    long foldStore(EventStore store, Predicate<Object> accept, ReplayProgress progress) {
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (accept.test(message.getPayload())) {
                    apply(message);
                }
                read++;
                if (read % PROGRESS_EVERY == 0) {
                    progress.progress(read, -1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event store", e);
        }
        progress.progress(read, read);
        return read;
    }

    /** Every instance's canonical state, keyed by instance id. */
    SortedMap<String, SortedMap<String, String>> canonicalState() {
        SortedMap<String, SortedMap<String, String>> state = new TreeMap<>();
        instances.forEach((id, model) -> state.put(id.value(), model.canonicalState()));
        return state;
    }

    InstanceModel instance(InstanceId instance) {
        return instances.get(instance);
    }

    static List<String> compare(SortedMap<String, SortedMap<String, String>> live,
                                SortedMap<String, SortedMap<String, String>> replayed) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> instanceIds = new TreeSet<>(live.keySet());
        instanceIds.addAll(replayed.keySet());
        for (String instance : instanceIds) {
            Map<String, String> a = live.getOrDefault(instance, new TreeMap<>());
            Map<String, String> b = replayed.getOrDefault(instance, new TreeMap<>());
            TreeSet<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String key : keys) {
                String inLive = a.get(key);
                String inReplay = b.get(key);
                if (inReplay == null) {
                    differences.add("instance " + instance + ": " + key + " only in the live model: " + inLive);
                } else if (inLive == null) {
                    differences.add("instance " + instance + ": " + key + " only in the replay: " + inReplay);
                } else if (!inLive.equals(inReplay)) {
                    differences.add("instance " + instance + ": " + key + " differs: live " + inLive
                            + " / replay " + inReplay);
                }
            }
        }
        return differences;
    }

    /** The instance a read-model event belongs to, or null for any other payload. */
    static InstanceId instanceOf(Object payload) {
        return payload instanceof ExecutionsEvent event ? event.instance() : null;
    }

    /** When a read-model event happened (its payload's {@code at}), or null for any other payload. */
    static Instant timeOf(Object payload) {
        return payload instanceof ExecutionsEvent event ? event.at() : null;
    }
}
