package io.executions.runtime;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionLists;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.UpdateTarget;
import io.executions.domain.command.CommandSideLookup;
import io.executions.domain.command.CommandSideLookupProjector;
import io.executions.domain.command.Execution;
import io.executions.domain.command.ExecutionListsHandler;
import io.executions.domain.command.InstanceSerializingInterceptor;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.command.EndpointPolicy;
import io.executions.domain.command.SigningKeyGenerator;
import io.executions.domain.command.Target;
import io.executions.projections.ExecutionQueries;
import io.executions.projections.LockOutGuard;
import io.executions.projections.SafeChange;
import io.executions.projections.ReadModels;
import io.executions.projections.ReadSide;
import io.executions.projections.SecretSealer;
import io.executions.projections.ReplayProgress;
import io.executions.projections.ReplayReport;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.serialization.json.JacksonSerializer;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The executions engine: Axon 4 wired to a store, the command side and the read side, built and started
 * by {@link #builder()}. Thread-safe; close it when the host stops (Axon registers no shutdown hook).
 * Several engines in one JVM share nothing.
 */
public final class Executions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Executions.class);
    static final String COMMAND_SIDE_LOOKUP = CommandSideLookupProjector.PROCESSING_GROUP;
    static final String READ_MODELS_LIVE = "read-models-live";
    static final String READ_MODELS_TRACKING = "read-models-tracking";
    private static final Duration START_CATCH_UP = Duration.ofSeconds(60);
    /** How long a clean stop waits for the read models to take the last events before its snapshot. */
    private static final Duration CLOSE_CATCH_UP = Duration.ofSeconds(5);
    private static final Duration EVENT_STORE_POLL = Duration.ofMillis(250);

    private final Configuration axon;
    private final Storage storage;
    private final ReadSide readSide;
    private final ExecutionQueries queries;
    private final Clock clock;
    private final SecretSealer secretSealer;
    private volatile SafeChange safeChange;
    private final Catalog catalog;
    private final ExecutionLimits limits;
    private final LockOutGuard lockOutGuard;
    private final CommandGateway commands;
    private final OwnedThreads eventStoreThreads;
    private final Deliveries deliveries;
    private final DeliveryWorker deliveryWorker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean caughtUpOnce;
    private final long startedNanos;
    /** Non-null when the read models are snapshotted (an H2 or PostgreSQL store and the default read side). */
    private final ReadModelSnapshots snapshots;
    private final ReadModels snapshotModels;
    private final long snapshotPosition;
    private final ScheduledExecutorService snapshotTimer;
    private volatile TrackingToken lastSnapshotPosition;

    /** Builds the indexes the snapshot's load left to first use; null when there is none to build. */
    private volatile Thread indexBuilder;

    /**
     * After a start from a snapshot: builds the indexes its load left to first use on a thread of its own, beside
     * resolution, so that the first write after the start does not build them while resolution waits
     * ({@code InstanceModel.buildDeferredIndexes}).
     */
    private void buildDeferredIndexes(ReadModels models, String nodeId) {
        Thread builder = new Thread(() -> {
            try {
                models.buildDeferredIndexes();
            } catch (RuntimeException e) {
                // the first change that needs them builds them instead
                LOG.warn("could not build the read models' indexes after the start: {}", e.toString());
            }
        }, "executions-" + nodeId + "-index-builder");
        builder.setDaemon(true);
        indexBuilder = builder;
        builder.start();
    }

    private Executions(Configuration axon, Storage storage, ReadSide readSide, OwnedThreads eventStoreThreads,
                       Builder builder, ReadModelSnapshots snapshots, long snapshotPosition, long startedNanos,
                       DeliveryLog deliveryLog) {
        this.axon = axon;
        this.startedNanos = startedNanos;
        this.snapshots = snapshots;
        this.snapshotModels = snapshots == null ? null : (ReadModels) readSide;
        this.snapshotPosition = snapshotPosition;
        if (snapshots != null && !builder.snapshotInterval.isZero()) {
            this.snapshotTimer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "executions-" + builder.nodeId + "-snapshots");
                thread.setDaemon(true);
                return thread;
            });
            long every = builder.snapshotInterval.toMillis();
            snapshotTimer.scheduleWithFixedDelay(this::snapshotIfChanged, every, every, TimeUnit.MILLISECONDS);
        } else {
            this.snapshotTimer = null;
        }
        this.eventStoreThreads = eventStoreThreads;
        this.storage = storage;
        this.readSide = readSide;
        this.catalog = builder.catalog;
        this.limits = builder.limits;
        this.lockOutGuard = builder.lockOutGuard;
        this.commands = axon.commandGateway();
        this.queries = readSide.queries(axon.eventStore());
        this.clock = builder.clock;
        this.secretSealer = builder.keyEncryption == null ? SecretSealer.NONE : builder.keyEncryption.sealer();
        if (deliveryLog != null) {
            DeliveryConfig config = builder.delivery;
            this.deliveries = new Deliveries(deliveryLog, storage.deliveryTx(), axon.eventStore(), catalog, queries,
                    builder.clock, config, this::ensureReady);
            this.deliveryWorker = config.sender() == null ? null
                    : new DeliveryWorker(deliveries, queries, config, builder.nodeId, this::isCaughtUp,
                            storage.lookup()::targetExists);
            if (builder.meterRegistry != null) {
                DeliveryWorker worker = deliveryWorker;
                deliveries.metrics(new DeliveryMetrics(builder.meterRegistry, deliveryLog,
                        () -> worker == null ? 0 : worker.inFlight()));
            }
            if (deliveryWorker != null) {
                deliveryWorker.start();
            }
        } else {
            this.deliveries = null;
            this.deliveryWorker = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sets an execution's list; a rule violation is thrown as the {@link Rejection} of the contract. */
    public SetExecutionResult setExecution(SetExecution command) {
        return send(command);
    }

    /**
     * Sets several executions as one all-or-nothing change under the instance lock (a revert,
     * docs/safe-change.md); the first violation of the first step no order can take is thrown as its {@link Rejection}.
     */
    public SetExecutionListsResult setExecutionLists(SetExecutionLists command) {
        return send(command);
    }

    /** docs/safe-change.md's instance version as stored now (the command side's count, exact under the lock). */
    public long instanceVersion(InstanceId instance) {
        ensureOpen();
        return storage.lookup().version(instance);
    }

    public TargetResult createTarget(CreateTarget command) {
        return send(command);
    }

    public TargetResult updateTarget(UpdateTarget command) {
        return send(command);
    }

    public TargetResult deleteTarget(DeleteTarget command) {
        return send(command);
    }

    // ---- a target's public keys (docs/dispatch.md, JWE) ---------------------------------------------

    /** Registers a public key of a target (inactive); see {@link io.executions.domain.command.TargetKeyRing}. */
    public io.executions.domain.api.PublicKeyResult addPublicKey(io.executions.domain.api.PublicKeyCommand.Add command) {
        return changeKeys(command);
    }

    public io.executions.domain.api.PublicKeyResult activatePublicKey(
            io.executions.domain.api.PublicKeyCommand.Activate command) {
        return changeKeys(command);
    }

    public io.executions.domain.api.PublicKeyResult deactivatePublicKey(
            io.executions.domain.api.PublicKeyCommand.Deactivate command) {
        return changeKeys(command);
    }

    public io.executions.domain.api.PublicKeyResult removePublicKey(
            io.executions.domain.api.PublicKeyCommand.Remove command) {
        return changeKeys(command);
    }

    private io.executions.domain.api.PublicKeyResult changeKeys(io.executions.domain.api.PublicKeyCommand command) {
        try {
            return send(command);
        } finally {
            keyRings.remove(command.aggregateIdentifier());
        }
    }

    /** How long a process reuses a target's key ring read from the store before reading it again. */
    private static final long KEY_RING_TTL_NANOS = Duration.ofSeconds(1).toNanos();
    private final java.util.concurrent.ConcurrentHashMap<String, KeyRing> keyRings =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record KeyRing(List<io.executions.projections.PublicKeyView> keys, long readAtNanos) {
    }

    /**
     * The registered (not removed) public keys of a target, oldest first: the target's key events folded
     * ({@link io.executions.projections.PublicKeyView#fold}), read from the store by the key ring's aggregate id
     * (an indexed read, never a scan). A process answers its own changes at once and other processes' within 1 s.
     */
    public List<io.executions.projections.PublicKeyView> publicKeys(InstanceId instance,
                                                                     io.executions.domain.api.TargetId target) {
        ensureOpen();
        String id = io.executions.domain.api.AggregateIds.targetKeys(instance, target);
        long now = System.nanoTime();
        KeyRing ring = keyRings.get(id);
        if (ring != null && now - ring.readAtNanos() < KEY_RING_TTL_NANOS) {
            return ring.keys();
        }
        List<Object> payloads = new java.util.ArrayList<>();
        axon.eventStore().readEvents(id).forEachRemaining(event -> payloads.add(event.getPayload()));
        List<io.executions.projections.PublicKeyView> keys = io.executions.projections.PublicKeyView.fold(payloads);
        keyRings.put(id, new KeyRing(keys, now));
        return keys;
    }

    private <R> R send(Object command) {
        Objects.requireNonNull(command, "command");
        ensureReady();
        return commands.sendAndWait(command);
    }

    private void ensureReady() {
        ensureOpen();
        if (!caughtUpOnce && !awaitCaughtUp(START_CATCH_UP)) {
            throw new Rejection(ErrorCode.UNAVAILABLE, "EXEC-RT-STARTING", MessageKeys.INTERNAL,
                    "the read models have not caught up with the store yet; try again later");
        }
    }

    /**
     * Host events and durable delivery (docs/delivery.md): publish, the delivery log, retry.
     *
     * @throws IllegalStateException when the engine was built without {@code delivery(...)}
     */
    public Deliveries deliveries() {
        if (deliveries == null) {
            throw new IllegalStateException("delivery is not configured: build the engine with delivery(...)");
        }
        return deliveries;
    }

    /** Whether this engine was built with delivery. */
    public boolean hasDeliveries() {
        return deliveries != null;
    }

    public ExecutionQueries queries() {
        return queries;
    }

    /** docs/safe-change.md: plan, diff, the lists of a revert, lint (all reads; writes go through commands). */
    public SafeChange safeChange() {
        SafeChange current = safeChange;
        if (current == null) {
            current = readSide.safeChange(axon.eventStore(), catalog, limits, clock);
            safeChange = current;
        }
        return current;
    }

    /** The engine's clock (dates of events; "now" of the safe-change reads). */
    /**
     * A secret the host keeps in this engine's store, sealed with the key encryption key
     * ({@link Builder#keyEncryption}; in plain text without one): the stored one, else {@code create}'s, stored
     * first. Processes sharing a store agree on it (the first stored value wins); a memory store keeps it for the
     * engine's life. The standalone server keeps its JWT signing key so, so tokens verify across restarts.
     *
     * @throws IllegalStateException when the stored value was sealed with another key encryption key
     */
    public String storedSecret(String name, java.util.function.Supplier<String> create) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(create, "create");
        String stored = storage.storedValue("secret:" + name, () -> secretSealer.seal(create.get()));
        try {
            return secretSealer.open(stored);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret '" + name + "' does not open with the configured key "
                    + "encryption key: " + e.getMessage(), e);
        }
    }

    public Clock clock() {
        return clock;
    }

    public Catalog catalog() {
        return catalog;
    }

    public ExecutionLimits limits() {
        return limits;
    }

    public LockOutGuard lockOutGuard() {
        return lockOutGuard;
    }

    /** True once the tracking read models have reached the end of the store (for health checks). */
    public boolean isCaughtUp() {
        if (closed.get()) {
            return false;
        }
        if (caughtUpOnce) {
            return true;
        }
        StreamingEventProcessor processor = trackingProcessor();
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        boolean caughtUp = processor.isRunning() && !status.isEmpty()
                && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState());
        if (caughtUp && !caughtUpOnce) {
            caughtUpOnce = true;
            LOG.info("read models caught up with the store at position {} ({} ms after start, {})",
                    trackingPosition(), (System.nanoTime() - startedNanos) / 1_000_000,
                    snapshotPosition >= 0 ? "from a snapshot at " + snapshotPosition : "replayed from the start");
        }
        return caughtUp;
    }

    /**
     * How far the read models are while they catch up with the store (for {@code /healthz} and the log).
     * Costs one indexed query for the head of a JDBC store.
     */
    public CatchUpStatus catchUp() {
        boolean caughtUp = isCaughtUp();
        long head = -1;
        if (!closed.get()) {
            TrackingToken headToken = axon.eventStore().createHeadToken();
            head = headToken == null ? -1 : headToken.position().orElse(-1);
        }
        return new CatchUpStatus(caughtUp, trackingPosition(), head, snapshotPosition >= 0, snapshotPosition);
    }

    private long trackingPosition() {
        if (closed.get()) {
            return -1;
        }
        return trackingProcessor().processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min().orElse(-1);
    }

    /** Writes a read-model snapshot now (also done periodically and at close); false when there is none to write. */
    public boolean writeReadModelSnapshot() {
        ensureOpen();
        return writeSnapshot();
    }

    private void snapshotIfChanged() {
        if (!closed.get() && snapshotModels.trackedPosition() != null
                && !snapshotModels.trackedPosition().equals(lastSnapshotPosition)) {
            writeSnapshot();
        }
    }

    private synchronized boolean writeSnapshot() {
        if (snapshots == null) {
            return false;
        }
        TrackingToken position = snapshotModels.trackedPosition();
        long started = System.nanoTime();
        try {
            boolean written = snapshots.write(snapshotModels);
            if (written) {
                lastSnapshotPosition = position;
                LOG.debug("read-model snapshot written to {} in {} ms", snapshots.file(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            return written;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the read-model snapshot {}: {}", snapshots.file(), e.toString());
            return false;
        }
    }

    /** Waits up to {@code timeout} for {@link #isCaughtUp()}; false when it did not happen in time. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isCaughtUp()) {
            if (closed.get() || System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Rebuilds every read model from the store into fresh ones and compares them with the live ones. */
    public ReplayReport verifyReplay(ReplayProgress progress) {
        ensureOpen();
        // right after start the live models may still be catching up: that lag is not a difference
        if (!awaitCaughtUp(START_CATCH_UP)) {
            throw new IllegalStateException("the read models did not catch up with the store within "
                    + START_CATCH_UP.toSeconds() + "s; nothing to compare yet, try again");
        }
        return readSide.verifyAgainstReplay(axon.eventStore(), progress == null ? ReplayProgress.NONE : progress);
    }

    /** The command side's lookup, as the checks read it (tests compare it with the stored events). */
    io.executions.domain.command.CommandSideLookup commandSideLookup() {
        return storage.lookup();
    }

    /** The number of events in the store. */
    public long eventCount() {
        ensureOpen();
        return storage.eventCount(axon.eventStore());
    }

    /**
     * Axon's configuration of this engine, for reading (the event store's streams, metrics). Appending events of
     * executions, targets or key rings through it bypasses the checks, and on an H2 file or in memory also the
     * aggregates the engine keeps ({@link AggregateCache}): their next command would work from a stale state.
     */
    public Configuration axonConfiguration() {
        return axon;
    }

    /** Stops the processors and Axon, then closes the connection pool. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Thread builder = indexBuilder;
                if (builder != null) {
                    try {
                        builder.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (deliveryWorker != null) {
                    // finish or release this node's claims while the store is still open
                    deliveryWorker.close();
                }
                if (snapshotTimer != null) {
                    snapshotTimer.shutdownNow();
                    awaitQuietly(snapshotTimer);
                }
                if (snapshots != null) {
                    // the read models take events a little after their commands returned: let them take the last
                    // ones (bounded) so that the snapshot of a clean stop leaves nothing to replay
                    awaitTrackedToHead(CLOSE_CATCH_UP);
                }
                axon.shutdown();
                // the producer notices the stop flag after at most one poll interval
                eventStoreThreads.awaitAll(EVENT_STORE_POLL.multipliedBy(8));
                // a clean stop leaves a snapshot of everything applied, so the next start replays nothing
                if (snapshots != null && snapshotModels.trackedPosition() != null
                        && !snapshotModels.trackedPosition().equals(lastSnapshotPosition)) {
                    writeSnapshot();
                }
            } finally {
                storage.close();
            }
        }
    }

    /** Waits, at most {@code timeout}, until the tracking read models have taken every stored event. */
    private void awaitTrackedToHead(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                TrackingToken headToken = axon.eventStore().createHeadToken();
                long head = headToken == null ? -1 : headToken.position().orElse(-1);
                long position = trackingProcessor().processingStatus().values().stream()
                        .map(EventTrackerStatus::getCurrentPosition)
                        .filter(OptionalLong::isPresent)
                        .mapToLong(OptionalLong::getAsLong)
                        .min().orElse(-1);
                if (position >= head) {
                    return;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the store is failing: the snapshot is of what was applied, and the next start replays the rest
        }
    }

    private static void awaitQuietly(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this executions engine is closed");
        }
    }

    private StreamingEventProcessor trackingProcessor() {
        return axon.eventProcessingConfiguration()
                .eventProcessor(READ_MODELS_TRACKING, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("processor " + READ_MODELS_TRACKING + " is missing"));
    }

    /** Configures, validates, starts and returns an engine. */
    public static final class Builder {
        private StorageConfig storage = StorageConfig.memory();
        private Catalog catalog = StaticCatalog.empty();
        private ExecutionLimits limits = ExecutionLimits.DEFAULTS;
        private LockOutGuard lockOutGuard = LockOutGuard.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private SigningKeyGenerator signingKeys = SigningKeyGenerator.secureRandom();
        private EndpointPolicy endpointPolicy = EndpointPolicy.ALLOW_ALL;
        private SigningKeyCipher keyEncryption;
        private MeterRegistry meterRegistry;
        private String nodeId = UUID.randomUUID().toString();
        /** Null: the default {@link ReadModels}, which can be snapshotted. */
        private Function<LockOutGuard, ReadSide> readSide;
        private Path readModelSnapshot;
        private boolean readModelSnapshotSet;
        private Duration snapshotInterval = Duration.ofSeconds(60);
        private DeliveryConfig delivery;

        private Builder() {
        }

        public Builder storage(StorageConfig storage) {
            this.storage = storage;
            return this;
        }

        public Builder catalog(Catalog catalog) {
            this.catalog = catalog;
            return this;
        }

        public Builder limits(ExecutionLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder lockOutGuard(LockOutGuard guard) {
            this.lockOutGuard = guard;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder signingKeys(SigningKeyGenerator keys) {
            this.signingKeys = keys;
            return this;
        }

        /** Optional: Axon's command, event store and processor metrics go to this registry. */
        /**
         * Checks a target's endpoint when it is created or its endpoint updated (docs/dispatch.md's deny list:
         * the dispatch module's {@code EndpointGuard}). Default: every endpoint is allowed.
         */
        public Builder endpointPolicy(EndpointPolicy policy) {
            this.endpointPolicy = policy;
            return this;
        }

        /**
         * Encrypts targets' signing keys in the stored events with AES-256-GCM under this key (docs/dispatch.md).
         * Default: none, keys are stored as plain strings; every host that stores events on disk should set
         * one (the standalone server always does). Changing it later makes the stored keys unreadable: keep it.
         */
        public Builder keyEncryption(SigningKeyCipher cipher) {
            this.keyEncryption = cipher;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Optional: host events and durable delivery ({@link Executions#deliveries()}). Without it the
         * engine creates no delivery table and starts no delivery thread.
         */
        public Builder delivery(DeliveryConfig config) {
            this.delivery = config;
            return this;
        }

        public Builder readSide(Function<LockOutGuard, ReadSide> factory) {
            this.readSide = Objects.requireNonNull(factory, "readSide");
            return this;
        }

        /**
         * Where the read-model snapshot is kept (BENCHMARKS.md "Scale goals": a start loads it and replays only the tail of
         * the store); null for none. Default: beside an H2 file ({@code <path>.readmodels}); none for
         * PostgreSQL (set one per process) and for memory. Only the default read side is snapshotted.
         */
        public Builder readModelSnapshot(Path file) {
            this.readModelSnapshot = file;
            this.readModelSnapshotSet = true;
            return this;
        }

        /** How often a changed read model is snapshotted (default 60 s; zero: only at close). */
        public Builder snapshotInterval(Duration interval) {
            this.snapshotInterval = interval;
            return this;
        }

        private void validate() {
            require(storage, "storage is required");
            require(catalog, "catalog is required");
            require(limits, "limits are required");
            require(lockOutGuard, "lockOutGuard is required");
            require(clock, "clock is required");
            require(signingKeys, "signingKeys is required");
            require(snapshotInterval, "snapshotInterval is required");
            if (snapshotInterval.isNegative()) {
                throw new IllegalArgumentException("snapshotInterval must not be negative");
            }
            require(endpointPolicy, "endpointPolicy is required");
            if (nodeId == null || nodeId.isBlank()) {
                throw new IllegalArgumentException("nodeId must not be blank");
            }
        }

        private static void require(Object value, String message) {
            if (value == null) {
                throw new IllegalArgumentException(message);
            }
        }

        /** Validates the settings, starts the engine and returns it once it accepts commands. */
        public Executions build() {
            validate();
            long startedNanos = System.nanoTime();
            Path file = readModelSnapshot;
            if (!readModelSnapshotSet && storage instanceof StorageConfig.H2 h2) {
                file = Path.of(h2.path().toAbsolutePath().normalize() + ".readmodels");
            }
            boolean snapshotted = readSide == null && file != null && !(storage instanceof StorageConfig.Memory);
            ReadSide side = readSide == null ? new ReadModels(lockOutGuard)
                    : Objects.requireNonNull(readSide.apply(lockOutGuard), "the readSide factory returned null");
            // A snapshot needs only its file: it is read, parsed and rebuilt on a thread of its own while the
            // store opens and Axon starts (BENCHMARKS.md "Scale goals", start time); the tracking read models
            // start from its position once it is matched with the store.
            CompletableFuture<ReadModelSnapshots> opened = new CompletableFuture<>();
            CompletableFuture<Optional<GapAwareTrackingToken>> restored = snapshotted
                    ? restoreInBackground(file, (ReadModels) side, opened, startedNanos)
                    : CompletableFuture.completedFuture(Optional.empty());
            Storage store;
            try {
                store = Storage.open(storage, nodeId);
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
                throw e;
            }
            try {
                ReadModelSnapshots snapshots = null;
                if (snapshotted) {
                    snapshots = new ReadModelSnapshots(file, ((Storage.Jdbc) store)::eventIdentifierAt,
                            keyEncryption == null ? SecretSealer.NONE : keyEncryption.sealer());
                }
                opened.complete(snapshots);
                return start(store, side, snapshots, restored, startedNanos);
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
                store.close();
                throw e;
            }
        }

        /**
         * Reads the snapshot on a thread of its own, then (once the store is open) matches it with the store and
         * moves its models into {@code side}. Never fails: an unusable snapshot (with a warning) or a failed
         * start gives empty, and the read models are replayed from the whole store.
         */
        private CompletableFuture<Optional<GapAwareTrackingToken>> restoreInBackground(
                Path file, ReadModels side, CompletableFuture<ReadModelSnapshots> opened, long startedNanos) {
            CompletableFuture<Optional<GapAwareTrackingToken>> restored = new CompletableFuture<>();
            LockOutGuard guard = lockOutGuard;
            SecretSealer sealer = keyEncryption == null ? SecretSealer.NONE : keyEncryption.sealer();
            Thread reader = new Thread(() -> {
                Optional<GapAwareTrackingToken> position = Optional.empty();
                try {
                    Optional<ReadModelSnapshots.Parsed> parsed = ReadModelSnapshots.read(file, guard, sealer);
                    if (parsed.isPresent()) {
                        Optional<ReadModelSnapshots.Loaded> loaded = opened.join().accept(parsed);
                        if (loaded.isPresent()) {
                            side.restoreFrom(loaded.get().models());
                            position = Optional.of(loaded.get().position());
                            LOG.info("read models loaded from snapshot {} at position {} ({} ms to read and "
                                            + "rebuild, {} ms after the start began); replaying the tail", file,
                                    position.get().getIndex(), parsed.get().millis(),
                                    (System.nanoTime() - startedNanos) / 1_000_000);
                        }
                    }
                } catch (Throwable e) {
                    // the start failed (the store did not open) or the snapshot could not be used
                    LOG.warn("read-model snapshot {} not used ({}); replaying the whole store", file, e.toString());
                }
                restored.complete(position);
            }, "executions-" + nodeId + "-snapshot-reader");
            reader.setDaemon(true);
            reader.start();
            return restored;
        }

        /**
         * Fails the start when the stored signing keys were encrypted under another key: reads the first
         * target event (the only kind that holds a key) and gives up after 100,000 events of other kinds.
         */
        private static void checkKeysDecrypt(Configuration axon) {
            try (var stream = axon.eventStore().openStream(null)) {
                for (int scanned = 0; scanned < 100_000 && stream.hasNextAvailable(); scanned++) {
                    var message = stream.nextAvailable();
                    Class<?> type = message.getPayloadType();
                    if (type == TargetAdded.class || type == TargetChanged.class) {
                        message.getPayload();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                throw new IllegalStateException("the stored signing keys do not decrypt with the configured key"
                        + " encryption key: " + root.getMessage(), e);
            }
        }

        /**
         * An aggregate's repository: on a store only this engine writes, with an {@link AggregateCache}, so a
         * command on an aggregate this process changed before does not read and replay its events.
         */
        private static <A> AggregateConfigurer<A> aggregate(Class<A> type, Storage store) {
            AggregateConfigurer<A> aggregate = AggregateConfigurer.defaultConfiguration(type);
            java.util.function.BooleanSupplier soleWriter = store.soleWriter();
            if (soleWriter != null) {
                AggregateCache cache = new AggregateCache(AggregateCache.DEFAULT_MAX_ENTRIES, soleWriter);
                aggregate.configureCache(c -> cache);
            }
            return aggregate;
        }

        private Executions start(Storage store, ReadSide side, ReadModelSnapshots snapshots,
                                 CompletableFuture<Optional<GapAwareTrackingToken>> restored, long startedNanos) {
            JacksonSerializer json = JacksonSerializer.builder()
                    .objectMapper(EventJson.newMapper(keyEncryption))
                    .classLoader(Executions.class.getClassLoader())
                    .build();
            CommandSideLookup lookup = store.lookup();
            Object lookupProjector = new CommandSideLookupProjector(lookup);
            Object positionRecorder = store instanceof Storage.Jdbc jdbc
                    ? new LookupPositionRecorder(jdbc.jdbcLookup()) : null;
            Object live = side.liveProjector();
            Object tracking = side.trackingProjector();
            InstanceSerializingInterceptor interceptor = new InstanceSerializingInterceptor(store.lock());
            OwnedThreads eventStoreThreads = new OwnedThreads("executions-" + nodeId + "-eventstore");
            DeliveryLog deliveryLog = delivery == null ? null : store.deliveryLog();
            Object deliveryProjector = deliveryLog == null ? null : new DeliveryLogProjector(deliveryLog);

            Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                    .configureSerializer(c -> json)
                    .configureEventSerializer(c -> json)
                    .configureMessageSerializer(c -> json)
                    .registerEventUpcaster(c -> new LegacyExecutionSetUpcaster());
            if (keyEncryption != null) {
                configurer.registerEventUpcaster(c -> new PlaintextSigningKeyUpcaster(keyEncryption));
            }
            configurer
                    .configureEventStore(c -> {
                        EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
                                .storageEngine(store.engine(c))
                                .messageMonitor(c.messageMonitor(EmbeddedEventStore.class, "eventStore"))
                                .threadFactory(eventStoreThreads)
                                // how soon events of other processes sharing the store are seen
                                .fetchDelay(EVENT_STORE_POLL.toMillis())
                                .build();
                        c.onShutdown(eventStore::shutDown);
                        return eventStore;
                    })
                    .configureAggregate(aggregate(Execution.class, store))
                    .configureAggregate(aggregate(Target.class, store))
                    .configureAggregate(aggregate(io.executions.domain.command.TargetKeyRing.class, store))
                    .registerCommandHandler(c -> new ExecutionListsHandler(c.repository(Execution.class), catalog,
                            limits, lookup, clock))
                    .registerComponent(Catalog.class, c -> catalog)
                    .registerComponent(ExecutionLimits.class, c -> limits)
                    .registerComponent(CommandSideLookup.class, c -> lookup)
                    .registerComponent(SigningKeyGenerator.class, c -> signingKeys)
                    .registerComponent(EndpointPolicy.class, c -> endpointPolicy)
                    .registerComponent(Clock.class, c -> clock);
            if (store instanceof Storage.Jdbc jdbc) {
                configurer.configureTransactionManager(c -> jdbc.transactions());
            }
            configurer.onInitialize(cfg -> cfg.onStart(Phase.INSTRUCTION_COMPONENTS + 1,
                    () -> cfg.commandBus().registerHandlerInterceptor(interceptor)));
            configurer.eventProcessing(ep -> {
                ep.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                  .registerSubscribingEventProcessor(COMMAND_SIDE_LOOKUP)
                  .registerSubscribingEventProcessor(READ_MODELS_LIVE)
                  // The read models live in memory: no stored tokens; they start from their snapshot's
                  // position, else from the store's tail, processed as live events (not as a replay).
                  .registerTrackingEventProcessor(READ_MODELS_TRACKING, Configuration::eventStore,
                          c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                  .andBatchSize(100)
                                  // bounds how long "caught up" and shutdown wait for an idle stream
                                  .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS)
                                  // the snapshot's position (waits for its load), else the store's tail
                                  .andInitialTrackingToken(source -> restored.join()
                                          .<TrackingToken>map(position -> position)
                                          .orElseGet(source::createTailToken)))
                  .registerTokenStore(READ_MODELS_TRACKING, c -> new InMemoryTokenStore())
                  .assignHandlerInstancesMatching(COMMAND_SIDE_LOOKUP,
                          h -> h == lookupProjector || (positionRecorder != null && h == positionRecorder))
                  .assignHandlerInstancesMatching(READ_MODELS_LIVE, h -> h == live)
                  .assignHandlerInstancesMatching(READ_MODELS_TRACKING, h -> h == tracking)
                  .registerEventHandler(c -> lookupProjector)
                  .registerEventHandler(c -> live)
                  .registerEventHandler(c -> tracking);
                if (positionRecorder != null) {
                    ep.registerEventHandler(c -> positionRecorder);
                }
                if (deliveryProjector != null) {
                    ep.registerSubscribingEventProcessor(DeliveryLogProjector.PROCESSING_GROUP)
                      .assignHandlerInstancesMatching(DeliveryLogProjector.PROCESSING_GROUP,
                              h -> h == deliveryProjector)
                      .registerEventHandler(c -> deliveryProjector);
                }
            });
            if (meterRegistry != null) {
                new GlobalMetricRegistry(meterRegistry).registerWithConfigurerWithDefaultTags(configurer);
            }
            Configuration axon = configurer.buildConfiguration();
            try {
                axon.start();
                if (keyEncryption != null) {
                    checkKeysDecrypt(axon);
                }
                if (store instanceof Storage.Jdbc jdbc) {
                    ((LookupPositionRecorder) positionRecorder)
                            .catchUp(axon.eventStore(), jdbc.transactions(), store.lock());
                }
                store.startMaintenance();
                Optional<GapAwareTrackingToken> fromSnapshot = restored.join();
                Executions engine = new Executions(axon, store, side, eventStoreThreads, this, snapshots,
                        fromSnapshot.map(GapAwareTrackingToken::getIndex).orElse(-1L), startedNanos, deliveryLog);
                if (fromSnapshot.isPresent()) {
                    engine.buildDeferredIndexes((ReadModels) side, nodeId);
                }
                return engine;
            } catch (RuntimeException | Error e) {
                axon.shutdown();
                throw e;
            }
        }
    }
}
