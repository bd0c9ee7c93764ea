package io.executions.api.service;

import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.InstanceFeatures;
import com.fasterxml.jackson.databind.JsonNode;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.Dispatcher;
import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.UpdateTarget;
import io.executions.domain.policy.ConditionShapePolicy;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ExecutionPage;
import io.executions.projections.HistoryEntry;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.TargetPage;
import io.executions.projections.TargetSearch;
import io.executions.projections.TargetView;
import io.executions.runtime.Deliveries;
import io.executions.projections.DeliveryPage;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryView;
import io.executions.runtime.Executions;
import io.executions.domain.api.HostEvent;
import io.executions.domain.api.DeliveryId;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The transport-neutral application service of the contract (docs/contract.md): every transport (REST, gRPC,
 * gRPC-Web, Connect) and the CLI is a thin adapter that parses its wire format into the domain and projection
 * types taken here, and renders what comes back.
 *
 * <p>A call has two steps. {@link #begin(String, Operation)} applies rules 1 to 3 in their order
 * (authenticated → the operation's permission → the instance's {@code actions} feature) and returns the
 * {@link Caller}. The adapter then parses its request (rule 4; a malformed request is
 * {@link ServiceError#shape(Operation, String)}) and calls the operation's typed method, which re-checks the
 * shape of what it is given (so every transport gets the same answer), waits for the read models' first
 * catch-up, and asks the engine, whose aggregates apply rules 5 to 12. Every failure is a {@link ServiceError}
 * ({@link ServiceError#from(Throwable, String)} turns anything else into one): HTTP status, gRPC code, error id,
 * message key and message, identical on every transport. A refused call writes nothing.
 *
 * <p>Adding an operation: a constant in {@link Operation} with its permission, one typed method here, then a
 * thin route in each adapter.
 */
public final class ActionService {
    /** The longest target id accepted in a path or a filter. */
    public static final int MAX_ID_LENGTH = 200;
    /** The longest method, event type or function name accepted in a query. */
    public static final int MAX_QUERY_STRING_LENGTH = 1000;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final Executions engine;
    private final CallerAuthenticator authenticator;
    private final InstanceFeatures features;
    private final Supplier<String> targetIds;
    private volatile Dispatcher dispatcher;
    private final SafeChangeService safeChange;

    /**
     * @param engine        the running engine; the service does not own it (the host closes it)
     * @param authenticator tells who calls
     * @param features      tells whether an instance has {@code actions} enabled
     */
    public ActionService(Executions engine, CallerAuthenticator authenticator, InstanceFeatures features) {
        this(engine, authenticator, features, randomTargetIds());
    }

    /** As above, with the host's generator of target ids (ids must be unique per instance). */
    public ActionService(Executions engine, CallerAuthenticator authenticator, InstanceFeatures features,
                         Supplier<String> targetIds) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.features = Objects.requireNonNull(features, "features");
        this.targetIds = Objects.requireNonNull(targetIds, "targetIds");
        this.safeChange = new SafeChangeService(engine, this::enter);
    }

    /**
     * Lets {@code _invoke} run chains with this dispatcher (the host owns and closes it). Without one,
     * {@code _invoke} answers 501 UNIMPLEMENTED.
     */
    public ActionService withDispatcher(Dispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        return this;
    }

    /** The dispatcher given with {@link #withDispatcher}, or null. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** 18 random decimal digits, the shape of ZITADEL's ids. */
    public static Supplier<String> randomTargetIds() {
        SecureRandom random = new SecureRandom();
        return () -> Long.toString(100_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE)
                % 900_000_000_000_000_000L);
    }

    // ---- rules 1 to 3 ----------------------------------------------------------------------------

    /**
     * Rules 1 to 3 for one call of {@code operation}: the caller is authenticated (401 {@code API-TOKEN}), holds
     * the operation's permission in its instance (403 {@code API-PERMISSION}), and the instance has the
     * {@code actions} feature (404 {@code API-FEATURE}).
     *
     * @param authorizationHeader the raw {@code Authorization} header (or gRPC {@code authorization} metadata),
     *                            null when absent
     * @throws ServiceError the first rule that fails
     */
    public Caller begin(String authorizationHeader, Operation operation) {
        Caller caller = authenticator.authenticate(authorizationHeader)
                .orElseThrow(() -> ServiceError.of(ErrorCode.UNAUTHENTICATED, "API-TOKEN", MessageKeys.TOKEN_INVALID,
                        "the request carries no valid token; send 'Authorization: Bearer <token>'"));
        requirePermission(caller, operation);
        if (!features.actionsEnabled(caller.instance())) {
            throw ServiceError.of(ErrorCode.NOT_FOUND, "API-FEATURE", MessageKeys.ACTION_NOT_ENABLED,
                    "the feature 'actions' is not enabled for instance '" + caller.instance() + "'");
        }
        return caller;
    }

    private static void requirePermission(Caller caller, Operation operation) {
        if (operation.permission() != null && !caller.has(operation.permission())) {
            throw ServiceError.of(ErrorCode.PERMISSION_DENIED, "API-PERMISSION", MessageKeys.PERMISSION_DENIED,
                    "this endpoint needs the permission '" + operation.permission() + "' in instance '"
                            + caller.instance() + "'");
        }
    }

    /**
     * Waits (up to 30 s) until the read models have caught up with the store once after start-up, so a fresh
     * start never answers from half-built read models; 503 {@code API-STARTING} otherwise. The typed methods
     * call it themselves; an adapter may call it earlier, before parsing, as REST does.
     */
    public void awaitReady() {
        if (!engine.isCaughtUp() && !engine.awaitCaughtUp(STARTUP_WAIT)) {
            throw ServiceError.of(ErrorCode.UNAVAILABLE, "API-STARTING", MessageKeys.INTERNAL,
                    "the server is still reading the event store; try again in a moment");
        }
    }

    void enter(Caller caller, Operation operation) {
        Objects.requireNonNull(caller, "caller");
        // a Caller from begin(...) of another operation must not widen what it may do
        requirePermission(caller, operation);
        awaitReady();
    }

    // ---- executions ------------------------------------------------------------------------------

    /** SetExecution: replaces the execution of {@code condition} by {@code entries} (empty: removes it). */
    public SetExecutionResult setExecution(Caller caller, Condition condition, List<Entry> entries) {
        return setExecution(caller, condition, entries, null);
    }

    /**
     * SetExecution applying a plan (docs/safe-change.md): with {@code expectedVersion} (from {@link #ifMatch}), it is
     * refused with 412 {@code Errors.Execution.Changed} unless the instance still has that version when the
     * write holds the instance lock; null: as section 3.
     */
    public SetExecutionResult setExecution(Caller caller, Condition condition, List<Entry> entries,
                                           Long expectedVersion) {
        enter(caller, Operation.SET_EXECUTION);
        try {
            return engine.setExecution(new SetExecution(caller.instance(), condition,
                    entries == null ? List.of() : entries, caller.user(), expectedVersion));
        } catch (RuntimeException e) {
            throw SafeChangeService.changedAs412(e);
        }
    }

    /** The safe-change operations (plan, If-Match, diff, revert, lint). */
    public SafeChangeService safeChange() {
        return safeChange;
    }

    /**
     * ListExecutions: the executions matching every filter, ordered and paged. Conditions inside filters must be
     * checked by the adapter with {@link #queryCondition(Condition, String, Operation)} while it still knows
     * their position in the request.
     */
    public ExecutionPage listExecutions(Caller caller, ExecutionListQuery query) {
        enter(caller, Operation.LIST_EXECUTIONS);
        return engine.queries().listExecutions(caller.instance(), query);
    }

    /**
     * Resolve: which targets run, in order, for a request/response method, an event or a function, now or as of
     * {@code at} (null: now). The method of a request/response is a full {@code /package.Service/Method}.
     */
    public Resolution resolve(Caller caller, ResolveQuery query, Instant at) {
        checkQuery(query, Operation.RESOLVE);
        enter(caller, Operation.RESOLVE);
        return at == null ? engine.queries().resolve(caller.instance(), query)
                : engine.queries().resolveAt(caller.instance(), query, at);
    }

    /**
     * {@code _invoke} (docs/dispatch.md): runs the chain that resolution picks for {@code query} for real, with
     * {@code payload} as the message, and answers every call's outcome. An interrupted chain is an answer here,
     * not an error. Waits at most the chain's own bound (the sum of its synchronous targets' timeouts).
     */
    public ChainResult invoke(Caller caller, ResolveQuery query, JsonNode payload) {
        checkQuery(query, Operation.INVOKE);
        enter(caller, Operation.INVOKE);
        Dispatcher running = dispatcher;
        if (running == null) {
            throw new ServiceError(501, 12, "API-INVOKE", MessageKeys.INTERNAL,
                    "this host runs no dispatcher, so executions cannot be invoked here");
        }
        try {
            return running.invoke(caller.instance(), query, payload, caller.user()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceError.from(e, "_invoke");
        } catch (java.util.concurrent.ExecutionException e) {
            throw ServiceError.from(e.getCause(), "_invoke");
        }
    }

    /** The JWKS that verifies JWT payloads ({@code {"keys": []}} without a dispatcher or a JWT key). */
    public String jwks() {
        Dispatcher running = dispatcher;
        return running == null ? "{\"keys\":[]}" : running.jwksJson();
    }

    private static void checkQuery(ResolveQuery query, Operation operation) {
        Objects.requireNonNull(query, "query");
        String kind = query.type().json();
        switch (query.type()) {
            case REQUEST, RESPONSE -> {
                boundedText(query.value(), kind + ".method", MAX_QUERY_STRING_LENGTH, operation);
                if (!query.value().matches("/[^/]+/[^/]+")) {
                    throw ServiceError.shape(operation, "'" + kind + ".method' must be a full method such "
                            + "as /zitadel.session.v2.SessionService/ListSessions, got '" + query.value() + "'");
                }
            }
            case EVENT -> boundedText(query.value(), "event.event", MAX_QUERY_STRING_LENGTH, operation);
            default -> boundedText(query.value(), "function.name", MAX_QUERY_STRING_LENGTH, operation);
        }
    }

    /** History: every change of the execution of {@code condition}, oldest first. */
    public List<HistoryEntry> history(Caller caller, Condition condition) {
        queryCondition(condition, "condition", Operation.HISTORY);
        enter(caller, Operation.HISTORY);
        return engine.queries().history(caller.instance(), condition.id());
    }

    /** ListExecutionFunctions: the functions of the catalog. */
    public List<String> functions(Caller caller) {
        enter(caller, Operation.LIST_FUNCTIONS);
        return engine.catalog().functions();
    }

    /** ListExecutionMethods: the methods of the catalog. */
    public List<String> methods(Caller caller) {
        enter(caller, Operation.LIST_METHODS);
        return engine.catalog().methods();
    }

    /** ListExecutionServices: the services of the catalog. */
    public List<String> services(Caller caller) {
        enter(caller, Operation.LIST_SERVICES);
        return engine.catalog().services();
    }

    // ---- targets ---------------------------------------------------------------------------------

    /** CreateTarget with a generated id (drawn again when the id is taken, up to three times). */
    public CreatedTarget createTarget(Caller caller, TargetSpec spec) {
        enter(caller, Operation.CREATE_TARGET);
        for (int attempt = 1; ; attempt++) {
            TargetId id = TargetId.of(targetIds.get());
            try {
                TargetResult result = engine.createTarget(new CreateTarget(caller.instance(), id, spec.name(),
                        spec.type(), spec.type() != null && spec.interruptOnError(), spec.endpoint(), spec.timeout(),
                        caller.user(), spec.payloadType()));
                return new CreatedTarget(id, result.date(), result.signingKey());
            } catch (Rejection e) {
                // a generated id that is already taken is our problem, not the caller's: draw again
                if (!"EXEC-T-IDTAKEN".equals(e.errorId()) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** UpdateTarget: changes the given fields; {@code signingKey} of the result is set when it was rotated. */
    public TargetResult updateTarget(Caller caller, TargetId id, TargetChange change) {
        if (change.expirationSigningKey() != null && change.expirationSigningKey().isNegative()) {
            throw ServiceError.shape(Operation.UPDATE_TARGET, "'expirationSigningKey' must not be negative");
        }
        enter(caller, Operation.UPDATE_TARGET);
        return engine.updateTarget(new UpdateTarget(caller.instance(), id, change.name(), change.type(),
                change.type() == null ? null : change.interruptOnError(), change.endpoint(), change.timeout(),
                change.expirationSigningKey(), caller.user(), change.payloadType()));
    }

    /** GetTarget; 404 {@code API-T-NOTFOUND} when it does not exist in the caller's instance. */
    public TargetView getTarget(Caller caller, TargetId id) {
        enter(caller, Operation.GET_TARGET);
        return engine.queries().target(caller.instance(), id)
                .orElseThrow(() -> ServiceError.of(ErrorCode.NOT_FOUND, "API-T-NOTFOUND",
                        MessageKeys.TARGET_NOT_FOUND, "target '" + id + "' does not exist in this instance"));
    }

    /** DeleteTarget. */
    public TargetResult deleteTarget(Caller caller, TargetId id) {
        enter(caller, Operation.DELETE_TARGET);
        return engine.deleteTarget(new DeleteTarget(caller.instance(), id, caller.user()));
    }

    /**
     * ListTargets: the targets matching every filter (all name filters and the id set), ordered by the column
     * (ties by id) and paged; {@code totalResult} counts every match.
     */
    public TargetPage searchTargets(Caller caller, TargetQuery query) {
        for (TargetQuery.NameFilter name : query.names()) {
            boundedText(name.text(), "targetName", MAX_QUERY_STRING_LENGTH, Operation.SEARCH_TARGETS);
        }
        enter(caller, Operation.SEARCH_TARGETS);
        TargetQuery.NameFilter first = query.names().isEmpty() ? null : query.names().get(0);
        if (query.column() == TargetSortColumn.NAME && query.names().size() <= 1) {
            // the read model orders by name and pages itself
            return engine.queries().searchTargets(caller.instance(), new TargetSearch(
                    first == null ? null : first.text(), first == null ? null : first.method(), query.ids(),
                    query.offset(), query.limit(), query.asc()));
        }
        // every other case: the full match (each further name filter narrows it), sorted and paged here
        List<TargetView> matches = engine.queries().searchTargets(caller.instance(), new TargetSearch(
                first == null ? null : first.text(), first == null ? null : first.method(), query.ids(),
                0, 0, true)).targets();
        for (TargetQuery.NameFilter more : query.names().subList(Math.min(1, query.names().size()),
                query.names().size())) {
            Map<TargetId, TargetView> also = new LinkedHashMap<>();
            engine.queries().searchTargets(caller.instance(), new TargetSearch(more.text(), more.method(),
                    query.ids(), 0, 0, true)).targets().forEach(v -> also.put(v.id(), v));
            matches = matches.stream().filter(v -> also.containsKey(v.id())).toList();
        }
        Comparator<TargetView> order = targetOrder(query.column());
        if (!query.asc()) {
            order = order.reversed();
        }
        List<TargetView> sorted = new ArrayList<>(matches);
        sorted.sort(order);
        return new TargetPage(sorted.size(), page(sorted, query.offset(), query.limit()));
    }

    private static Comparator<TargetView> targetOrder(TargetSortColumn column) {
        Comparator<TargetView> byId = (a, b) -> CodePoints.compare(a.id().value(), b.id().value());
        Comparator<TargetView> primary = switch (column) {
            case CREATED_DATE -> Comparator.comparing(TargetView::creationDate);
            case CHANGED_DATE -> Comparator.comparing(TargetView::changeDate);
            case NAME -> (a, b) -> CodePoints.compare(a.definition().name(), b.definition().name());
            case TARGET_TYPE -> Comparator.comparing(v -> v.definition().type());
            case URL -> (a, b) -> CodePoints.compare(a.definition().endpoint(), b.definition().endpoint());
            case TIMEOUT -> Comparator.comparing(v -> v.definition().timeout());
            case INTERRUPT_ON_ERROR -> Comparator.comparing(v -> v.definition().interruptOnError());
            case ID -> (a, b) -> 0; // the id alone
        };
        return primary.thenComparing(byId);
    }

    private static <T> List<T> page(List<T> all, long offset, long limit) {
        if (offset >= all.size()) {
            return List.of();
        }
        int from = (int) offset;
        int to = limit == 0 ? all.size() : (int) Math.min(all.size(), offset + limit);
        return all.subList(from, to);
    }

    // ---- a target's public keys (docs/dispatch.md, JWE; v2's public-key RPCs) ------------------------

    private final Supplier<String> keyIds = randomTargetIds();

    /**
     * AddPublicKey: registers {@code pem} (an RSA or EC {@code PUBLIC KEY}, 1..8192 bytes), inactive, under a new
     * key id. Checks in order: the key's shape and expiration (400 {@code Errors.Target.InvalidPublicKey} /
     * {@code InvalidExpirationDate}), then the target (404 {@code Errors.Target.NotFound}).
     */
    public io.executions.domain.api.PublicKeyResult addPublicKey(Caller caller, TargetId target, byte[] pem,
                                                                 Instant expiration) {
        enter(caller, Operation.ADD_PUBLIC_KEY);
        return engine.addPublicKey(new io.executions.domain.api.PublicKeyCommand.Add(caller.instance(), target,
                keyIds.get(), pem, expiration, caller.user()));
    }

    /** ActivatePublicKey: 404 for an unknown or removed key, 400/9 {@code Errors.Target.PublicKeyExpired}. */
    public io.executions.domain.api.PublicKeyResult activatePublicKey(Caller caller, TargetId target, String keyId) {
        keyId(keyId, Operation.ACTIVATE_PUBLIC_KEY);
        enter(caller, Operation.ACTIVATE_PUBLIC_KEY);
        return engine.activatePublicKey(new io.executions.domain.api.PublicKeyCommand.Activate(caller.instance(),
                target, keyId, caller.user()));
    }

    /** DeactivatePublicKey: 404 for an unknown or removed key; an inactive key is answered unchanged. */
    public io.executions.domain.api.PublicKeyResult deactivatePublicKey(Caller caller, TargetId target, String keyId) {
        keyId(keyId, Operation.DEACTIVATE_PUBLIC_KEY);
        enter(caller, Operation.DEACTIVATE_PUBLIC_KEY);
        return engine.deactivatePublicKey(new io.executions.domain.api.PublicKeyCommand.Deactivate(caller.instance(),
                target, keyId, caller.user()));
    }

    /**
     * RemovePublicKey: an active key is 400/9 {@code Errors.Target.PublicKeyActive}; an unknown key succeeds with
     * the zero date, a removed one with its removal date (idempotent, as DeleteTarget).
     */
    public io.executions.domain.api.PublicKeyResult removePublicKey(Caller caller, TargetId target, String keyId) {
        keyId(keyId, Operation.REMOVE_PUBLIC_KEY);
        enter(caller, Operation.REMOVE_PUBLIC_KEY);
        return engine.removePublicKey(new io.executions.domain.api.PublicKeyCommand.Remove(caller.instance(),
                target, keyId, caller.user()));
    }

    /** ListPublicKeys of a live target (404 {@code Errors.Target.NotFound} otherwise); removed keys are not listed. */
    public io.executions.api.service.PublicKeyPage listPublicKeys(Caller caller, TargetId target,
                                                                  PublicKeyQuery query) {
        enter(caller, Operation.LIST_PUBLIC_KEYS);
        if (engine.queries().target(caller.instance(), target).isEmpty()) {
            throw ServiceError.of(ErrorCode.NOT_FOUND, "API-T-NOTFOUND", MessageKeys.TARGET_NOT_FOUND,
                    "target '" + target + "' does not exist in this instance");
        }
        List<io.executions.projections.PublicKeyView> matches = engine.publicKeys(caller.instance(), target).stream()
                .filter(k -> query.ids() == null || query.ids().contains(k.keyId()))
                .filter(k -> query.active() == null || k.active() == query.active())
                .filter(k -> query.expiration() == null || expirationMatches(k.expiration(), query))
                .sorted(keyOrder(query))
                .toList();
        return new io.executions.api.service.PublicKeyPage(matches.size(), page(matches, query.offset(), query.limit()));
    }

    private static boolean expirationMatches(Instant expiration, PublicKeyQuery query) {
        if (expiration == null) {
            return false;
        }
        int c = expiration.compareTo(query.expiration());
        return switch (query.expirationMethod() == null ? "EQUALS" : query.expirationMethod()) {
            case "AFTER" -> c > 0;
            case "AFTER_OR_EQUALS" -> c >= 0;
            case "BEFORE" -> c < 0;
            case "BEFORE_OR_EQUALS" -> c <= 0;
            default -> c == 0;
        };
    }

    private static Comparator<io.executions.projections.PublicKeyView> keyOrder(PublicKeyQuery query) {
        Comparator<io.executions.projections.PublicKeyView> primary = switch (query.column() == null ? ""
                : query.column()) {
            case "CHANGE_DATE" -> Comparator.comparing(io.executions.projections.PublicKeyView::changeDate);
            case "EXPIRATION_DATE" -> Comparator.comparing(io.executions.projections.PublicKeyView::expiration,
                    Comparator.nullsLast(Comparator.naturalOrder()));
            default -> Comparator.comparing(io.executions.projections.PublicKeyView::creationDate);
        };
        Comparator<io.executions.projections.PublicKeyView> order = primary.thenComparing(
                (a, b) -> CodePoints.compare(a.keyId(), b.keyId()));
        return query.asc() ? order : order.reversed();
    }

    private static void keyId(String keyId, Operation operation) {
        boundedText(keyId, "keyId", MAX_ID_LENGTH, operation);
    }

    // ---- host events and deliveries (docs/delivery.md) ----------------------------------------------

    /**
     * Publishes a host event: one durable delivery per target its type resolves to; answers how many, once
     * stored. A malformed event is 400 {@code Errors.Event.Invalid} (checked before the catalog), a type not in
     * the catalog 404 {@code Errors.Execution.ConditionInvalid}.
     */
    public long publishEvent(Caller caller, HostEvent event) {
        enter(caller, Operation.PUBLISH_EVENT);
        return deliveries().publish(caller.instance(), event, caller.user());
    }

    /** The delivery log of the caller's instance: filters AND-combined, oldest first unless {@code asc} is false. */
    public DeliveryPage searchDeliveries(Caller caller, DeliverySearch search) {
        enter(caller, Operation.SEARCH_DELIVERIES);
        return deliveries().search(caller.instance(), search);
    }

    /**
     * Puts a dead delivery back to pending, due now, with a fresh attempt budget; a pending one is answered
     * unchanged; a succeeded one is 400/9 {@code Errors.Delivery.NotDead}; an unknown id or another instance's is
     * 404/5 {@code Errors.Delivery.NotFound}.
     */
    public DeliveryView retryDelivery(Caller caller, DeliveryId id) {
        enter(caller, Operation.RETRY_DELIVERY);
        return deliveries().retry(caller.instance(), id, caller.user());
    }

    private Deliveries deliveries() {
        if (!engine.hasDeliveries()) {
            throw ServiceError.of(ErrorCode.UNAVAILABLE, "API-NO-DELIVERY", MessageKeys.INTERNAL,
                    "this server runs without event delivery");
        }
        return engine.deliveries();
    }

    // ---- shape checks shared by the adapters (rule 4) ---------------------------------------------

    /**
     * A target id from a path or a request field: 1 to {@value #MAX_ID_LENGTH} characters, else 400
     * {@code API-T-ID}.
     */
    public static TargetId targetId(String raw) {
        int length = raw == null ? 0 : CodePoints.length(raw);
        if (length < 1 || length > MAX_ID_LENGTH) {
            throw ServiceError.of(ErrorCode.INVALID_ARGUMENT, "API-T-ID", MessageKeys.TARGET_INVALID,
                    "a target id has 1 to " + MAX_ID_LENGTH + " characters");
        }
        return TargetId.of(raw);
    }

    /**
     * A condition used as a query (a filter, History): its shape and lengths (rule 5) checked here, since no
     * command will check them; 400 with {@code operation}'s key and the condition's position {@code path}.
     */
    public static Condition queryCondition(Condition condition, String path, Operation operation) {
        if (condition == null) {
            throw ServiceError.shape(operation, "'" + path + "' is required");
        }
        try {
            ConditionShapePolicy.check(condition);
        } catch (Rejection e) {
            throw ServiceError.shape(operation, "'" + path + "': " + e.getMessage());
        }
        return condition;
    }

    /** A text of 1 to {@code max} characters (code points), else a shape error naming {@code path}. */
    public static String boundedText(String value, String path, int max, Operation operation) {
        int length = value == null ? 0 : CodePoints.length(value);
        if (length < 1 || length > max) {
            throw ServiceError.shape(operation, "'" + path + "' must have 1 to " + max + " characters, it has "
                    + length);
        }
        return value;
    }
}
