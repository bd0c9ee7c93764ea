package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionsEvent;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * The read models (docs/contract.md), folded from the events only, one independent model per instance.
 * Fed by two projectors, each event applied at most once keyed by (aggregate identifier, sequence number).
 */
public final class ReadModels implements ReadSide {
    /** How often a long replay reports progress. */
    static final int PROGRESS_EVERY = 10_000;

    private final LockOutGuard guard;
    private final ConcurrentHashMap<InstanceId, InstanceModel> instances = new ConcurrentHashMap<>();
    private final LiveProjector live = new LiveProjector(this);
    private final TrackingProjector tracking = new TrackingProjector(this);

    /** The position of the last event the tracking projector applied (every event up to it is applied). */
    private volatile TrackingToken trackedUpTo;

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

    /** docs/safe-change.md (plan, diff, revert lists, lint) over these models and the store's histories. */
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

    /**
     * Takes the instances of read models loaded from a snapshot ({@link #readSnapshot}); only before these
     * models have applied any event, so that a start can create them first and load the snapshot beside.
     *
     * @throws IllegalStateException when these models already hold state
     */
    public void restoreFrom(ReadModels snapshot) {
        if (!instances.isEmpty() || trackedUpTo != null) {
            throw new IllegalStateException("the read models already applied events; a snapshot cannot be restored");
        }
        instances.putAll(snapshot.instances);
    }

    /**
     * Builds, beside resolution, the indexes a snapshot's load left to first use (see
     * {@link InstanceModel#buildDeferredIndexes}); the runtime calls it on a thread of its own once a start from
     * a snapshot is done. Without it they are built by the first change that needs them.
     */
    public void buildDeferredIndexes() {
        for (InstanceModel model : instances.values()) {
            model.buildDeferredIndexes();
        }
    }

    void trackedUpTo(TrackingToken token) {
        trackedUpTo = token;
    }

    /**
     * The store position up to which the tracking projector has applied every event, or null before its
     * first event. Read it before {@link #writeSnapshot}: the snapshot then holds at least those events.
     */
    public TrackingToken trackedPosition() {
        return trackedUpTo;
    }

    /**
     * docs/contract.md "Resolution" from the live model: no database, nothing deserialized, nothing allocated; every key
     * answers from precomputed per-execution state, whether it was asked before or not.
     */
    public Resolution resolve(InstanceId instance, ResolveQuery query) {
        InstanceModel model = instances.get(instance);
        return model == null ? Resolution.NONE : model.resolve(query.type(), query.value());
    }

    /**
     * A consistent read-only copy of one instance's routing state (stored lists and live target definitions,
     * shared immutable values): overlay a hypothetical change on it and flatten with {@link RoutingView#flattened}
     * to see what would resolve, without touching the live model.
     */
    public RoutingView routingView(InstanceId instance) {
        InstanceModel model = instances.get(instance);
        return model == null ? RoutingView.EMPTY : model.routingView();
    }

    /** The stored list of one execution (immutable; empty when unknown or cleared). */
    public List<Entry> storedEntries(InstanceId instance, ExecutionId id) {
        InstanceModel model = instances.get(instance);
        return model == null ? List.of() : model.storedEntries(id);
    }

    /** The definition of a live target; empty for a deleted or unknown one. */
    public Optional<TargetDefinition> liveTarget(InstanceId instance, TargetId id) {
        InstanceModel model = instances.get(instance);
        return model == null ? Optional.empty() : model.liveTarget(id);
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

    /** The layout version of {@link #writeSnapshot}; a snapshot of another version is not read. */
    // 2: signing keys sealed, the rotation's previous key kept; 3: the target's payload type kept;
    // 4: varints, recurring strings written once, enums as ordinals (SnapshotCodec)
    public static final int SNAPSHOT_FORMAT = 4;

    /**
     * Writes every instance's stored state (what the events left; flattened lists are recomputed on load).
     * Each instance is written under its read lock, so it is consistent in itself and with every event
     * applied before the call; events applied meanwhile may or may not be in it (they are deduplicated when
     * the tail is replayed after loading).
     */
    public void writeSnapshot(DataOutputStream out, SecretSealer secrets) throws IOException {
        out.writeInt(SNAPSHOT_FORMAT);
        List<InstanceModel> models = new ArrayList<>(instances.values());
        SnapshotCodec.Writer writer = new SnapshotCodec.Writer(out, secrets);
        writer.varint(models.size());
        for (InstanceModel model : models) {
            writer.string(model.instance().value());
            model.writeTo(writer);
        }
    }

    /**
     * Read models loaded from a snapshot written by {@link #writeSnapshot}, held in a heap buffer (from its
     * position to its limit).
     *
     * @throws IOException for a snapshot of another format version or a damaged one
     */
    public static ReadModels readSnapshot(ByteBuffer in, LockOutGuard guard, SecretSealer secrets)
            throws IOException {
        try {
            int format = in.getInt();
            if (format != SNAPSHOT_FORMAT) {
                throw new IOException("read-model snapshot format " + format + ", this version reads "
                        + SNAPSHOT_FORMAT);
            }
            ReadModels models = new ReadModels(guard);
            SnapshotCodec.Reader reader = new SnapshotCodec.Reader(in, secrets);
            int count = reader.count();
            for (int i = 0; i < count; i++) {
                InstanceId instance = InstanceId.of(reader.string());
                models.instances.put(instance, InstanceModel.readFrom(instance, guard, reader));
            }
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes after the read models");
            }
            return models;
        } catch (RuntimeException e) {
            // a buffer underflow, an unknown ordinal, a missing value: damage that the checksum did not catch
            throw new IOException("damaged read-model snapshot: " + e, e);
        }
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
