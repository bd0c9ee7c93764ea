package io.executions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.api.json.ConditionJson;
import io.executions.api.json.Durations;
import io.executions.api.json.EntryJson;
import io.executions.api.json.Json;
import io.executions.api.json.JsonObject;
import io.executions.api.json.ShapeException;
import io.executions.api.json.Timestamps;
import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.TargetType;
import io.executions.domain.api.UpdateTarget;
import io.executions.domain.policy.ConditionShapePolicy;
import io.executions.projections.ExecutionFilter;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ExecutionPage;
import io.executions.projections.ExecutionView;
import io.executions.projections.HistoryEntry;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.ResolvedTarget;
import io.executions.projections.SortingColumn;
import io.executions.projections.TargetPage;
import io.executions.projections.TargetSearch;
import io.executions.projections.TargetView;
import io.executions.projections.TextFilterMethod;
import io.executions.runtime.Executions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The JSON/HTTP facade of the contract (SPEC sections 3 and 5 to 8), independent of any HTTP stack: a
 * host hands in method, path, {@code Authorization} header and body, and sends back status and JSON.
 *
 * <p>Every request passes the checks of SPEC section 3 in order: authenticated (401), the endpoint's
 * permission (403), the instance's {@code actions} feature (404), a well-formed body (400, or 413 when
 * larger than {@link #MAX_BODY_BYTES}), then the domain's rules, which the engine enforces. A refused
 * request writes nothing: the facade only sends a command once the body is fully parsed.
 */
public final class ExecutionsHttpApi {
    /** The largest body accepted: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    static final String PREFIX = "/v2beta/actions/";
    private static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";
    private static final int MAX_ID_LENGTH = 200;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final int MAX_QUERY_STRING_LENGTH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionsHttpApi.class);

    private final Executions engine;
    private final CallerAuthenticator authenticator;
    private final InstanceFeatures features;
    private final Supplier<String> targetIds;
    private final Json json = new Json();

    /**
     * @param engine        the running engine; the facade does not own it (the host closes it)
     * @param authenticator tells who calls
     * @param features      tells whether an instance has {@code actions} enabled
     */
    public ExecutionsHttpApi(Executions engine, CallerAuthenticator authenticator, InstanceFeatures features) {
        this(engine, authenticator, features, randomTargetIds());
    }

    /** As above, with the host's generator of target ids (ids must be unique per instance). */
    public ExecutionsHttpApi(Executions engine, CallerAuthenticator authenticator, InstanceFeatures features,
                             Supplier<String> targetIds) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.features = Objects.requireNonNull(features, "features");
        this.targetIds = Objects.requireNonNull(targetIds, "targetIds");
    }

    /** 18 random decimal digits, the shape of ZITADEL's ids. */
    public static Supplier<String> randomTargetIds() {
        SecureRandom random = new SecureRandom();
        return () -> Long.toString(100_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE)
                % 900_000_000_000_000_000L);
    }

    /** Handles one request; never throws. */
    public ApiResponse handle(ApiRequest request) {
        try {
            return dispatch(request);
        } catch (ApiError e) {
            return error(e.httpStatus, e.grpcCode, e.errorId, e.messageKey, e.getMessage());
        } catch (RuntimeException e) {
            Rejection rejection = rejectionIn(e);
            if (rejection != null) {
                return error(rejection.code().http(), rejection.code().grpc(), rejection.errorId(),
                        rejection.messageKey(), rejection.getMessage());
            }
            String reference = UUID.randomUUID().toString();
            LOG.error("internal error answering {} {} (reference {})", request.method(), request.path(), reference, e);
            return error(ErrorCode.INTERNAL.http(), ErrorCode.INTERNAL.grpc(), "API-INTERNAL", MessageKeys.INTERNAL,
                    "internal error; the server log has the details under reference " + reference);
        }
    }

    private ApiResponse dispatch(ApiRequest request) {
        Match match = match(request.method(), request.path());
        Caller caller = authenticator.authenticate(request.authorization())
                .orElseThrow(() -> ApiError.of(ErrorCode.UNAUTHENTICATED, "API-TOKEN", MessageKeys.TOKEN_INVALID,
                        "the request carries no valid token; send 'Authorization: Bearer <token>'"));
        Route route = match.route;
        if (route.permission != null && !caller.has(route.permission)) {
            throw ApiError.of(ErrorCode.PERMISSION_DENIED, "API-PERMISSION", MessageKeys.PERMISSION_DENIED,
                    "this endpoint needs the permission '" + route.permission + "' in instance '"
                            + caller.instance() + "'");
        }
        if (route.needsActionsFeature() && !features.actionsEnabled(caller.instance())) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "API-FEATURE", MessageKeys.ACTION_NOT_ENABLED,
                    "the feature 'actions' is not enabled for instance '" + caller.instance() + "'");
        }
        if (route.readsBody() && request.body().length > MAX_BODY_BYTES) {
            throw new ApiError(413, ErrorCode.INVALID_ARGUMENT.grpc(), "API-BODY-SIZE", route.invalidKey,
                    "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (!engine.isCaughtUp() && !engine.awaitCaughtUp(STARTUP_WAIT)) {
            // like the engine's commands, reads wait for the first catch-up, so a fresh start never
            // answers from half-built read models
            throw ApiError.of(ErrorCode.UNAVAILABLE, "API-STARTING", MessageKeys.INTERNAL,
                    "the server is still reading the event store; try again in a moment");
        }
        ObjectNode answer;
        try {
            answer = switch (route) {
                case SET_EXECUTION -> setExecution(caller, body(request));
                case LIST_EXECUTIONS -> listExecutions(caller, body(request));
                case RESOLVE -> resolve(caller, body(request));
                case HISTORY -> history(caller, body(request));
                case LIST_FUNCTIONS -> strings("functions", engine.catalog().functions());
                case LIST_METHODS -> strings("methods", engine.catalog().methods());
                case LIST_SERVICES -> strings("services", engine.catalog().services());
                case CREATE_TARGET -> createTarget(caller, body(request));
                case SEARCH_TARGETS -> searchTargets(caller, body(request));
                case UPDATE_TARGET -> updateTarget(caller, targetId(match), body(request));
                case GET_TARGET -> getTarget(caller, targetId(match));
                case DELETE_TARGET -> deleteTarget(caller, targetId(match));
            };
        } catch (ShapeException e) {
            throw ApiError.of(ErrorCode.INVALID_ARGUMENT, "API-BODY", route.invalidKey, e.getMessage());
        }
        return new ApiResponse(200, json.write(answer));
    }

    private JsonObject body(ApiRequest request) {
        return json.parseObject(request.body());
    }

    // ---- executions ------------------------------------------------------------------------------

    private ObjectNode setExecution(Caller caller, JsonObject body) {
        body.only("condition", "targets");
        Condition condition = ConditionJson.parse(body.object("condition")
                .orElseThrow(() -> new ShapeException("'condition' is required")));
        List<Entry> entries = body.array("targets").map(elements -> EntryJson.parse(elements, "targets"))
                .orElse(List.of());
        SetExecutionResult result = engine.setExecution(
                new SetExecution(caller.instance(), condition, entries, caller.user()));
        ObjectNode answer = json.object();
        answer.put("setDate", Timestamps.format(result.setDate()));
        return answer;
    }

    private ObjectNode listExecutions(Caller caller, JsonObject body) {
        body.only("pagination", "sortingColumn", "filters", "at");
        Pagination page = Pagination.parse(body);
        SortingColumn column = body.enumName("sortingColumn", List.of("EXECUTION_FIELD_NAME_UNSPECIFIED",
                "EXECUTION_FIELD_NAME_ID", "EXECUTION_FIELD_NAME_CREATED_DATE", "EXECUTION_FIELD_NAME_CHANGED_DATE"))
                .map(name -> switch (name) {
                    case "EXECUTION_FIELD_NAME_ID" -> SortingColumn.ID;
                    case "EXECUTION_FIELD_NAME_CHANGED_DATE" -> SortingColumn.CHANGED_DATE;
                    default -> SortingColumn.CREATED_DATE;
                })
                .orElse(SortingColumn.CREATED_DATE);
        List<ExecutionFilter> filters = new ArrayList<>();
        for (JsonObject.Element element : body.array("filters").orElse(List.of())) {
            filters.add(executionFilter(element.object()));
        }
        Instant at = body.string("at").map(text -> Timestamps.parse(text, "at")).orElse(null);
        ExecutionPage result = engine.queries().listExecutions(caller.instance(),
                new ExecutionListQuery(filters, page.offset, page.limit, page.asc, column, at));
        ArrayNode executions = json.mapper().createArrayNode();
        for (ExecutionView view : result.executions()) {
            ObjectNode node = executions.addObject();
            node.set("condition", ConditionJson.write(view.condition()));
            node.put("creationDate", Timestamps.format(view.creationDate()));
            node.put("changeDate", Timestamps.format(view.changeDate()));
            node.set("targets", EntryJson.write(view.targets()));
            if (view.direct() != null) {
                node.put("direct", view.direct());
            }
        }
        ObjectNode answer = json.object();
        answer.set("pagination", pagination(result.totalResult()));
        answer.set("executions", executions);
        return answer;
    }

    private ExecutionFilter executionFilter(JsonObject filter) {
        filter.only("inConditionsFilter", "executionTypeFilter", "targetFilter", "includeFilter");
        Set<String> kinds = filter.names();
        if (kinds.size() != 1) {
            throw new ShapeException("'" + filter.path() + "' must have exactly one of inConditionsFilter, "
                    + "executionTypeFilter, targetFilter or includeFilter");
        }
        String kind = kinds.iterator().next();
        JsonObject value = filter.requireObject(kind);
        return switch (kind) {
            case "inConditionsFilter" -> {
                value.only("conditions");
                List<ExecutionId> ids = new ArrayList<>();
                for (JsonObject.Element element : value.array("conditions").orElse(List.of())) {
                    ids.add(shapedCondition(element.object()).id());
                }
                yield new ExecutionFilter.InConditions(ids);
            }
            case "executionTypeFilter" -> {
                value.only("executionType");
                ExecutionType type = value.enumName("executionType", List.of("EXECUTION_TYPE_UNSPECIFIED",
                        "EXECUTION_TYPE_REQUEST", "EXECUTION_TYPE_RESPONSE", "EXECUTION_TYPE_EVENT",
                        "EXECUTION_TYPE_FUNCTION"))
                        .map(name -> ExecutionType.fromJson(
                                name.substring("EXECUTION_TYPE_".length()).toLowerCase(java.util.Locale.ROOT)))
                        .orElse(null);
                yield new ExecutionFilter.OfType(type);
            }
            case "targetFilter" -> {
                value.only("targetId");
                yield new ExecutionFilter.ReachesTarget(TargetId.of(boundedString(value, "targetId", MAX_ID_LENGTH)));
            }
            default -> {
                value.only("include");
                yield new ExecutionFilter.Includes(shapedCondition(value.requireObject("include")).id());
            }
        };
    }

    private ObjectNode resolve(Caller caller, JsonObject body) {
        body.only("request", "response", "event", "function", "at");
        List<String> kinds = body.names().stream().filter(name -> !"at".equals(name)).toList();
        if (kinds.size() != 1) {
            throw new ShapeException("the body must have exactly one of request, response, event or function, it has "
                    + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
        }
        String kind = kinds.get(0);
        JsonObject what = body.requireObject(kind);
        ResolveQuery query = switch (kind) {
            case "request", "response" -> {
                what.only("method");
                String method = boundedString(what, "method", MAX_QUERY_STRING_LENGTH);
                if (!method.matches("/[^/]+/[^/]+")) {
                    throw new ShapeException("'" + kind + ".method' must be a full method such as "
                            + "/zitadel.session.v2.SessionService/ListSessions, got '" + method + "'");
                }
                yield "request".equals(kind) ? ResolveQuery.request(method) : ResolveQuery.response(method);
            }
            case "event" -> {
                what.only("event");
                yield ResolveQuery.event(boundedString(what, "event", MAX_QUERY_STRING_LENGTH));
            }
            default -> {
                what.only("name");
                yield ResolveQuery.function(boundedString(what, "name", MAX_QUERY_STRING_LENGTH));
            }
        };
        Optional<Instant> at = body.string("at").map(text -> Timestamps.parse(text, "at"));
        Resolution resolution = at.isPresent()
                ? engine.queries().resolveAt(caller.instance(), query, at.get())
                : engine.queries().resolve(caller.instance(), query);
        ObjectNode answer = json.object();
        answer.put("executionId", resolution.matched() == null ? "" : resolution.matched().value());
        ArrayNode targets = answer.putArray("targets");
        for (ResolvedTarget target : resolution.targets()) {
            TargetDefinition d = target.definition();
            ObjectNode node = targets.addObject();
            node.put("id", target.id().value());
            node.put("name", d.name());
            node.put("endpoint", d.endpoint());
            node.put("timeout", Durations.format(d.timeout()));
            node.put("type", d.type().json());
            node.put("interruptOnError", d.interruptOnError());
            ArrayNode via = node.putArray("via");
            target.via().forEach(id -> via.add(id.value()));
        }
        return answer;
    }

    private ObjectNode history(Caller caller, JsonObject body) {
        body.only("condition");
        Condition condition = shapedCondition(body.object("condition")
                .orElseThrow(() -> new ShapeException("'condition' is required")));
        List<HistoryEntry> changes = engine.queries().history(caller.instance(), condition.id());
        ObjectNode answer = json.object();
        ArrayNode array = answer.putArray("changes");
        for (HistoryEntry change : changes) {
            ObjectNode node = array.addObject();
            node.put("date", Timestamps.format(change.date()));
            node.put("actor", change.actor() == null ? "" : change.actor());
            node.put("kind", change.kind().name());
            node.set("previousTargets", EntryJson.write(change.previousTargets()));
            node.set("targets", EntryJson.write(change.targets()));
        }
        return answer;
    }

    /** A condition in a query: shape and lengths checked here, since no command will check them. */
    private static Condition shapedCondition(JsonObject json) {
        Condition condition = ConditionJson.parse(json);
        try {
            ConditionShapePolicy.check(condition);
        } catch (Rejection e) {
            throw new ShapeException("'" + json.path() + "': " + e.getMessage());
        }
        return condition;
    }

    // ---- targets ---------------------------------------------------------------------------------

    private ObjectNode createTarget(Caller caller, JsonObject body) {
        body.only("name", "restWebhook", "restCall", "restAsync", "endpoint", "timeout");
        String name = body.string("name").orElse(null);
        TypeChoice type = TypeChoice.parse(body).orElse(null);
        String endpoint = body.string("endpoint").orElse(null);
        Duration timeout = body.string("timeout").map(text -> Durations.parse(text, "timeout")).orElse(null);
        TargetId id;
        TargetResult result;
        for (int attempt = 1; ; attempt++) {
            id = TargetId.of(targetIds.get());
            try {
                result = engine.createTarget(new CreateTarget(caller.instance(), id, name,
                        type == null ? null : type.type, type != null && type.interruptOnError, endpoint, timeout,
                        caller.user()));
                break;
            } catch (Rejection e) {
                // a generated id that is already taken is our problem, not the caller's: draw again
                if (!"EXEC-T-IDTAKEN".equals(e.errorId()) || attempt >= 3) {
                    throw e;
                }
            }
        }
        ObjectNode answer = json.object();
        answer.put("id", id.value());
        answer.put("creationDate", Timestamps.format(result.date()));
        answer.put("signingKey", result.signingKey());
        return answer;
    }

    private ObjectNode updateTarget(Caller caller, TargetId id, JsonObject body) {
        body.only("id", "name", "restWebhook", "restCall", "restAsync", "endpoint", "timeout",
                "expirationSigningKey");
        Optional<String> bodyId = body.string("id");
        if (bodyId.isPresent() && !bodyId.get().equals(id.value())) {
            throw new ShapeException("'id' in the body (" + bodyId.get() + ") differs from the id in the path ("
                    + id.value() + ")");
        }
        Optional<TypeChoice> type = TypeChoice.parse(body);
        Duration rotation = body.string("expirationSigningKey")
                .map(text -> Durations.parse(text, "expirationSigningKey")).orElse(null);
        if (rotation != null && rotation.isNegative()) {
            throw new ShapeException("'expirationSigningKey' must not be negative");
        }
        TargetResult result = engine.updateTarget(new UpdateTarget(caller.instance(), id,
                body.string("name").orElse(null),
                type.map(t -> t.type).orElse(null),
                type.map(t -> t.interruptOnError).orElse(null),
                body.string("endpoint").orElse(null),
                body.string("timeout").map(text -> Durations.parse(text, "timeout")).orElse(null),
                rotation, caller.user()));
        ObjectNode answer = json.object();
        answer.put("changeDate", Timestamps.format(result.date()));
        if (result.signingKey() != null) {
            answer.put("signingKey", result.signingKey());
        }
        return answer;
    }

    private ObjectNode getTarget(Caller caller, TargetId id) {
        TargetView view = engine.queries().target(caller.instance(), id)
                .orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "API-T-NOTFOUND", MessageKeys.TARGET_NOT_FOUND,
                        "target '" + id + "' does not exist in this instance"));
        ObjectNode answer = json.object();
        answer.set("target", target(view));
        return answer;
    }

    private ObjectNode deleteTarget(Caller caller, TargetId id) {
        TargetResult result = engine.deleteTarget(new DeleteTarget(caller.instance(), id, caller.user()));
        ObjectNode answer = json.object();
        answer.put("deletionDate", Timestamps.format(result.date()));
        return answer;
    }

    private static final List<String> TARGET_COLUMNS = List.of("TARGET_FIELD_NAME_UNSPECIFIED",
            "TARGET_FIELD_NAME_ID", "TARGET_FIELD_NAME_CREATED_DATE", "TARGET_FIELD_NAME_CHANGED_DATE",
            "TARGET_FIELD_NAME_NAME", "TARGET_FIELD_NAME_TARGET_TYPE", "TARGET_FIELD_NAME_URL",
            "TARGET_FIELD_NAME_TIMEOUT", "TARGET_FIELD_NAME_INTERRUPT_ON_ERROR");

    private ObjectNode searchTargets(Caller caller, JsonObject body) {
        body.only("pagination", "sortingColumn", "filters");
        Pagination page = Pagination.parse(body);
        // as ListExecutions (and ZITADEL's ListTargets): without a column, creation order, ties by id
        String column = body.enumName("sortingColumn", TARGET_COLUMNS)
                .filter(name -> !name.equals("TARGET_FIELD_NAME_UNSPECIFIED"))
                .orElse("TARGET_FIELD_NAME_CREATED_DATE");
        String name = null;
        TextFilterMethod nameMethod = null;
        Set<String> ids = null;
        for (JsonObject.Element element : body.array("filters").orElse(List.of())) {
            JsonObject filter = element.object().only("targetNameFilter", "inTargetIdsFilter");
            if (filter.names().size() != 1) {
                throw new ShapeException("'" + filter.path()
                        + "' must have exactly one of targetNameFilter or inTargetIdsFilter");
            }
            if (filter.has("targetNameFilter")) {
                if (name != null) {
                    throw new ShapeException("'" + filter.path() + "': only one targetNameFilter is supported");
                }
                JsonObject byName = filter.requireObject("targetNameFilter").only("targetName", "method");
                name = boundedString(byName, "targetName", MAX_QUERY_STRING_LENGTH);
                nameMethod = byName.enumName("method", List.of("TEXT_FILTER_METHOD_EQUALS",
                        "TEXT_FILTER_METHOD_CONTAINS", "TEXT_FILTER_METHOD_STARTS_WITH"))
                        .map(m -> TextFilterMethod.valueOf(m.substring("TEXT_FILTER_METHOD_".length())))
                        .orElse(TextFilterMethod.EQUALS);
            } else {
                JsonObject byIds = filter.requireObject("inTargetIdsFilter").only("targetIds");
                Set<String> these = new LinkedHashSet<>(byIds.strings("targetIds").orElse(List.of()));
                // several id filters are AND-combined like every other filter
                if (ids == null) {
                    ids = these;
                } else {
                    ids.retainAll(these);
                }
            }
        }
        List<TargetId> idList = ids == null ? null : ids.stream().map(TargetId::of).toList();
        boolean byName = column.equals("TARGET_FIELD_NAME_NAME");
        TargetPage result;
        List<TargetView> shown;
        if (byName) {
            result = engine.queries().searchTargets(caller.instance(),
                    new TargetSearch(name, nameMethod, idList, page.offset, page.limit, page.asc));
            shown = result.targets();
        } else {
            // the read model orders by name; other columns are sorted here over the full match
            result = engine.queries().searchTargets(caller.instance(),
                    new TargetSearch(name, nameMethod, idList, 0, 0, true));
            Comparator<TargetView> order = targetOrder(column);
            if (!page.asc) {
                order = order.reversed();
            }
            List<TargetView> sorted = result.targets().stream().sorted(order).toList();
            shown = page(sorted, page.offset, page.limit);
        }
        ObjectNode answer = json.object();
        answer.set("pagination", pagination(result.totalResult()));
        ArrayNode targets = answer.putArray("targets");
        shown.forEach(view -> targets.add(target(view)));
        return answer;
    }

    private static Comparator<TargetView> targetOrder(String column) {
        Comparator<TargetView> byId = (a, b) -> CodePoints.compare(a.id().value(), b.id().value());
        Comparator<TargetView> primary = switch (column) {
            case "TARGET_FIELD_NAME_CREATED_DATE" -> Comparator.comparing(TargetView::creationDate);
            case "TARGET_FIELD_NAME_CHANGED_DATE" -> Comparator.comparing(TargetView::changeDate);
            case "TARGET_FIELD_NAME_TARGET_TYPE" -> Comparator.comparing(v -> v.definition().type());
            case "TARGET_FIELD_NAME_URL" -> (a, b) -> CodePoints.compare(a.definition().endpoint(),
                    b.definition().endpoint());
            case "TARGET_FIELD_NAME_TIMEOUT" -> Comparator.comparing(v -> v.definition().timeout());
            case "TARGET_FIELD_NAME_INTERRUPT_ON_ERROR" -> Comparator.comparing(v -> v.definition().interruptOnError());
            default -> (a, b) -> 0; // TARGET_FIELD_NAME_ID: the id alone
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

    private ObjectNode target(TargetView view) {
        TargetDefinition d = view.definition();
        ObjectNode node = json.object();
        node.put("id", view.id().value());
        node.put("name", d.name());
        ObjectNode type = node.putObject(d.type().json());
        if (d.type().canInterrupt()) {
            type.put("interruptOnError", d.interruptOnError());
        }
        node.put("endpoint", d.endpoint());
        node.put("timeout", Durations.format(d.timeout()));
        node.put("creationDate", Timestamps.format(view.creationDate()));
        node.put("changeDate", Timestamps.format(view.changeDate()));
        node.put("signingKey", d.signingKey());
        return node;
    }

    // ---- shared pieces ---------------------------------------------------------------------------

    private ObjectNode strings(String field, List<String> values) {
        ObjectNode answer = json.object();
        ArrayNode array = answer.putArray(field);
        values.forEach(array::add);
        return answer;
    }

    private ObjectNode pagination(long total) {
        ObjectNode node = json.object();
        node.put("totalResult", Long.toString(total));
        return node;
    }

    private static String boundedString(JsonObject object, String field, int max) {
        String value = object.requireString(field);
        int length = CodePoints.length(value);
        if (length < 1 || length > max) {
            throw new ShapeException("'" + object.path() + (object.path().isEmpty() ? "" : ".") + field
                    + "' must have 1 to " + max + " characters, it has " + length);
        }
        return value;
    }

    private static TargetId targetId(Match match) {
        int length = CodePoints.length(match.id);
        if (length < 1 || length > MAX_ID_LENGTH) {
            throw ApiError.of(ErrorCode.INVALID_ARGUMENT, "API-T-ID", MessageKeys.TARGET_INVALID,
                    "a target id has 1 to " + MAX_ID_LENGTH + " characters");
        }
        return TargetId.of(match.id);
    }

    private ApiResponse error(int status, int grpc, String errorId, String key, String message) {
        ObjectNode body = json.object();
        body.put("code", grpc);
        body.put("message", message == null ? key : message);
        ObjectNode detail = body.putArray("details").addObject();
        detail.put("@type", ERROR_DETAIL_TYPE);
        detail.put("id", errorId);
        detail.put("message", key);
        return new ApiResponse(status, json.write(body));
    }

    private static Rejection rejectionIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Rejection rejection) {
                return rejection;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    // ---- routing ---------------------------------------------------------------------------------

    private record Match(Route route, String id) {
    }

    private static Match match(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        List<Match> candidates = new ArrayList<>();
        if (segments.size() >= 3 && segments.get(0).equals("v2beta") && segments.get(1).equals("actions")) {
            String collection = segments.get(2);
            List<String> rest = segments.subList(3, segments.size());
            if (collection.equals("executions")) {
                if (rest.isEmpty()) {
                    candidates.add(new Match(Route.SET_EXECUTION, null));
                } else if (rest.size() == 1) {
                    switch (rest.get(0)) {
                        case "_search", "search" -> candidates.add(new Match(Route.LIST_EXECUTIONS, null));
                        case "_resolve" -> candidates.add(new Match(Route.RESOLVE, null));
                        case "_history" -> candidates.add(new Match(Route.HISTORY, null));
                        case "functions" -> candidates.add(new Match(Route.LIST_FUNCTIONS, null));
                        case "methods" -> candidates.add(new Match(Route.LIST_METHODS, null));
                        case "services" -> candidates.add(new Match(Route.LIST_SERVICES, null));
                        default -> {
                        }
                    }
                }
            } else if (collection.equals("targets")) {
                if (rest.isEmpty()) {
                    candidates.add(new Match(Route.CREATE_TARGET, null));
                } else if (rest.size() == 1 && rest.get(0).equals("_search")) {
                    candidates.add(new Match(Route.SEARCH_TARGETS, null));
                } else if (rest.size() == 1) {
                    String id = rest.get(0);
                    candidates.add(new Match(Route.UPDATE_TARGET, id));
                    candidates.add(new Match(Route.GET_TARGET, id));
                    candidates.add(new Match(Route.DELETE_TARGET, id));
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new ApiError(404, ErrorCode.NOT_FOUND.grpc(), "API-ROUTE", "Errors.Route.NotFound",
                    "no endpoint at " + rawPath);
        }
        for (Match candidate : candidates) {
            if (candidate.route.method.equalsIgnoreCase(method)) {
                return candidate;
            }
        }
        throw new ApiError(405, 12, "API-METHOD", "Errors.Route.MethodNotAllowed",
                method + " is not allowed on " + rawPath + "; allowed: "
                        + String.join(", ", candidates.stream().map(c -> c.route.method).distinct().toList()));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(percentDecode(segment, rawPath));
            }
        }
        return segments;
    }

    private static String percentDecode(String segment, String rawPath) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() + 0 && isHex(segment, i + 1) && isHex(segment, i + 2)) {
                out.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw new ApiError(404, ErrorCode.NOT_FOUND.grpc(), "API-ROUTE", "Errors.Route.NotFound",
                        "malformed percent-encoding in " + rawPath);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    /** {@code offset}, {@code limit} (0: all) and {@code asc} (default true) of a list request. */
    private record Pagination(long offset, long limit, boolean asc) {
        static Pagination parse(JsonObject body) {
            Optional<JsonObject> pagination = body.object("pagination");
            if (pagination.isEmpty()) {
                return new Pagination(0, 0, true);
            }
            JsonObject p = pagination.get().only("offset", "limit", "asc");
            return new Pagination(p.uint64("offset").orElse(0), p.uint64("limit").orElse(0),
                    p.bool("asc").orElse(true));
        }
    }

    /** The target type oneof: {@code restWebhook}, {@code restCall} or {@code restAsync}. */
    private record TypeChoice(TargetType type, boolean interruptOnError) {
        static Optional<TypeChoice> parse(JsonObject body) {
            List<String> present = new ArrayList<>();
            for (TargetType type : TargetType.values()) {
                if (body.has(type.json())) {
                    present.add(type.json());
                }
            }
            if (present.isEmpty()) {
                return Optional.empty();
            }
            if (present.size() > 1) {
                throw new ShapeException("a target has exactly one of restWebhook, restCall or restAsync, this one has "
                        + String.join(" and ", present));
            }
            TargetType type = TargetType.fromJson(present.get(0));
            JsonObject options = body.requireObject(type.json());
            if (type.canInterrupt()) {
                options.only("interruptOnError");
                return Optional.of(new TypeChoice(type, options.bool("interruptOnError").orElse(false)));
            }
            options.only();
            return Optional.of(new TypeChoice(type, false));
        }
    }
}
