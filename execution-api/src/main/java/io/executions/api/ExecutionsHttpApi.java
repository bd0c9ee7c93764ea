package io.executions.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.api.json.AnswerJson;
import io.executions.api.json.ConditionJson;
import io.executions.api.json.DeliveryJson;
import io.executions.api.json.Durations;
import io.executions.api.json.EntryJson;
import io.executions.api.json.Json;
import io.executions.api.json.SafeChangeJson;
import io.executions.api.json.JsonObject;
import io.executions.api.json.ShapeException;
import io.executions.api.json.Timestamps;
import io.executions.api.service.ActionService;
import io.executions.dispatch.InvokeJson;
import io.executions.domain.api.PayloadType;
import com.fasterxml.jackson.databind.JsonNode;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.api.service.TargetChange;
import io.executions.api.service.TargetQuery;
import io.executions.api.service.TargetSortColumn;
import io.executions.api.service.TargetSpec;
import io.executions.domain.api.Condition;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.projections.ExecutionFilter;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ResolveQuery;
import io.executions.projections.SortingColumn;
import io.executions.projections.TextFilterMethod;
import io.executions.projections.DeliverySearch;
import io.executions.runtime.Executions;
import io.executions.domain.api.HostEvent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The REST/JSON adapter of the {@link ActionService} (docs/contract.md, "REST"), independent of any HTTP
 * stack: a host hands in method, path, {@code Authorization} header and body, and sends back status and JSON.
 *
 * <p>It only routes, parses and renders: a request is matched to its {@link Operation} (404/405 otherwise), then
 * {@link ActionService#begin(String, Operation)} applies rules 1 to 3, a body larger than
 * {@link #MAX_BODY_BYTES} is 413, the body is parsed strictly (rule 4: 400) and the service's typed method is
 * called. Every failure is rendered from the one {@link ServiceError} model.
 */
public final class ExecutionsHttpApi {
    /** The largest body accepted: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** The JWKS of JWT payloads (docs/dispatch.md). */
    public static final String JWKS_PATH = "/.well-known/executions/jwks.json";
    private static final int MAX_ID_LENGTH = ActionService.MAX_ID_LENGTH;
    private static final int MAX_QUERY_STRING_LENGTH = ActionService.MAX_QUERY_STRING_LENGTH;

    private final ActionService service;
    private final Json json = new Json();

    /** The REST adapter over {@code service}. */
    public ExecutionsHttpApi(ActionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * @param engine        the running engine; the facade does not own it (the host closes it)
     * @param authenticator tells who calls
     * @param features      tells whether an instance has {@code actions} enabled
     */
    public ExecutionsHttpApi(Executions engine, CallerAuthenticator authenticator, InstanceFeatures features) {
        this(new ActionService(engine, authenticator, features));
    }

    /** As above, with the host's generator of target ids (ids must be unique per instance). */
    public ExecutionsHttpApi(Executions engine, CallerAuthenticator authenticator, InstanceFeatures features,
                             Supplier<String> targetIds) {
        this(new ActionService(engine, authenticator, features, targetIds));
    }

    /** 18 random decimal digits, the shape of ZITADEL's ids. */
    public static Supplier<String> randomTargetIds() {
        return ActionService.randomTargetIds();
    }

    /** The application service this adapter calls. */
    public ActionService service() {
        return service;
    }

    /** Handles one request; never throws. */
    public ApiResponse handle(ApiRequest request) {
        try {
            if (JWKS_PATH.equals(request.path()) && "GET".equalsIgnoreCase(request.method())) {
                // public, like every JWKS: receivers verify JWT payloads with it, no token needed
                return new ApiResponse(200, service.jwks().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return dispatch(request);
        } catch (RuntimeException e) {
            return error(ServiceError.from(e, request.method() + " " + request.path()));
        }
    }

    /** The JSON error answer of {@code error}: its HTTP status and {@code {code, message, details}}. */
    public ApiResponse error(ServiceError error) {
        return new ApiResponse(error.httpStatus(), json.write(AnswerJson.error(error.grpcCode(), error.errorId(),
                error.messageKey(), error.getMessage())));
    }

    private ApiResponse dispatch(ApiRequest request) {
        Match match = match(request.method(), request.path());
        Route route = match.route;
        Caller caller = service.begin(request.authorization(), route.operation);
        // docs/safe-change.md: If-Match after rules 1 to 3, before the body; checked again with the write
        Long expectedVersion = route == Route.SET_EXECUTION
                ? service.safeChange().ifMatch(caller, request.ifMatch()) : null;
        if (route == Route.PUBLISH_EVENT && request.body().length > MAX_BODY_BYTES) {
            // docs/delivery.md: an event over 1 MiB is a bad event, 400 Errors.Event.Invalid
            throw ServiceError.shape(route.operation, "the event is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (route.readsBody() && request.body().length > MAX_BODY_BYTES) {
            throw new ServiceError(413, ErrorCode.INVALID_ARGUMENT.grpc(), "API-BODY-SIZE",
                    route.operation.invalidKey(), "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        service.awaitReady();
        ObjectNode answer;
        try {
            answer = switch (route) {
                case SET_EXECUTION -> setExecution(caller, body(request), expectedVersion);
                case PLAN_EXECUTION -> planExecution(caller, body(request));
                case DIFF_EXECUTIONS -> diffExecutions(caller, body(request));
                case REVERT_EXECUTIONS -> revertExecutions(caller, body(request));
                case LINT_EXECUTIONS -> {
                    body(request).only();
                    yield SafeChangeJson.lint(service.safeChange().lint(caller));
                }
                case LIST_EXECUTIONS -> listExecutions(caller, body(request));
                case RESOLVE -> resolve(caller, body(request));
                case INVOKE -> invoke(caller, body(request));
                case HISTORY -> history(caller, body(request));
                case LIST_FUNCTIONS -> AnswerJson.strings("functions", service.functions(caller));
                case LIST_METHODS -> AnswerJson.strings("methods", service.methods(caller));
                case LIST_SERVICES -> AnswerJson.strings("services", service.services(caller));
                case CREATE_TARGET -> createTarget(caller, body(request));
                case SEARCH_TARGETS -> searchTargets(caller, body(request));
                case UPDATE_TARGET -> updateTarget(caller, ActionService.targetId(match.id), body(request));
                case GET_TARGET -> AnswerJson.getTarget(service.getTarget(caller, ActionService.targetId(match.id)));
                case DELETE_TARGET -> AnswerJson.deletedTarget(
                        service.deleteTarget(caller, ActionService.targetId(match.id)));
                case PUBLISH_EVENT -> publishEvent(caller, body(request));
                case SEARCH_DELIVERIES -> searchDeliveries(caller, body(request));
                case RETRY_DELIVERY -> {
                    body(request).only();
                    yield DeliveryJson.retried(service.retryDelivery(caller, DeliveryId.of(match.id)));
                }
            };
        } catch (ShapeException e) {
            throw ServiceError.shape(route.operation, e.getMessage());
        }
        return new ApiResponse(200, json.write(answer));
    }

    private JsonObject body(ApiRequest request) {
        return json.parseObject(request.body());
    }

    // ---- executions ------------------------------------------------------------------------------

    private ObjectNode setExecution(Caller caller, JsonObject body, Long expectedVersion) {
        body.only("condition", "targets");
        Condition condition = ConditionJson.parse(body.object("condition")
                .orElseThrow(() -> new ShapeException("'condition' is required")));
        List<Entry> entries = body.array("targets").map(elements -> EntryJson.parse(elements, "targets"))
                .orElse(List.of());
        return AnswerJson.setExecution(service.setExecution(caller, condition, entries, expectedVersion));
    }

    // ---- safe change (docs/safe-change.md) -----------------------------------------------------------

    private ObjectNode planExecution(Caller caller, JsonObject body) {
        body.only("condition", "targets");
        Condition condition = ConditionJson.parse(body.object("condition")
                .orElseThrow(() -> new ShapeException("'condition' is required")));
        List<Entry> entries = body.array("targets").map(elements -> EntryJson.parse(elements, "targets"))
                .orElse(List.of());
        return SafeChangeJson.plan(service.safeChange().plan(caller, condition, entries));
    }

    private ObjectNode diffExecutions(Caller caller, JsonObject body) {
        body.only("from", "to");
        Instant from = Timestamps.parse(body.requireString("from"), "from");
        Instant to = body.string("to").map(text -> Timestamps.parse(text, "to")).orElse(null);
        return SafeChangeJson.diff(service.safeChange().diff(caller, from, to));
    }

    private ObjectNode revertExecutions(Caller caller, JsonObject body) {
        body.only("to", "conditions");
        Instant to = Timestamps.parse(body.requireString("to"), "to");
        List<Condition> conditions = null;
        if (body.has("conditions")) {
            conditions = new ArrayList<>();
            for (JsonObject.Element element : body.array("conditions").orElse(List.of())) {
                conditions.add(ConditionJson.parse(element.object()));
            }
        }
        return SafeChangeJson.revert(service.safeChange().revert(caller, to, conditions));
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
        return AnswerJson.executions(service.listExecutions(caller,
                new ExecutionListQuery(filters, page.offset, page.limit, page.asc, column, at)));
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
                                name.substring("EXECUTION_TYPE_".length()).toLowerCase(Locale.ROOT)))
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
        ResolveQuery query = resolveQuery(body, "at");
        Instant at = body.string("at").map(text -> Timestamps.parse(text, "at")).orElse(null);
        return AnswerJson.resolution(service.resolve(caller, query, at));
    }

    /** {@code _invoke}: a condition kind as in {@code _resolve} (no {@code at}) and an optional payload object. */
    private ObjectNode invoke(Caller caller, JsonObject body) {
        body.only("request", "response", "event", "function", "payload");
        ResolveQuery query = resolveQuery(body, "payload");
        JsonNode payload = body.object("payload").<JsonNode>map(JsonObject::node)
                .orElseGet(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::objectNode);
        return InvokeJson.render(service.invoke(caller, query, payload), INVOKE_JSON);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper INVOKE_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private ResolveQuery resolveQuery(JsonObject body, String other) {
        List<String> kinds = body.names().stream().filter(name -> !other.equals(name)).toList();
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
        return query;
    }

    private ObjectNode history(Caller caller, JsonObject body) {
        body.only("condition");
        Condition condition = shapedCondition(body.object("condition")
                .orElseThrow(() -> new ShapeException("'condition' is required")));
        return AnswerJson.history(service.history(caller, condition));
    }

    /** A condition in a query: shape and lengths checked here, since no command will check them. */
    private static Condition shapedCondition(JsonObject json) {
        Condition condition = ConditionJson.parse(json);
        try {
            ActionService.queryCondition(condition, json.path(), Operation.LIST_EXECUTIONS);
        } catch (ServiceError e) {
            throw new ShapeException(e.getMessage());
        }
        return condition;
    }

    // ---- targets ---------------------------------------------------------------------------------

    private ObjectNode createTarget(Caller caller, JsonObject body) {
        body.only("name", "restWebhook", "restCall", "restAsync", "endpoint", "timeout", "payloadType");
        String name = body.string("name").orElse(null);
        TypeChoice type = TypeChoice.parse(body).orElse(null);
        String endpoint = body.string("endpoint").orElse(null);
        Duration timeout = body.string("timeout").map(text -> Durations.parse(text, "timeout")).orElse(null);
        return AnswerJson.createdTarget(service.createTarget(caller, new TargetSpec(name,
                type == null ? null : type.type, type != null && type.interruptOnError, endpoint, timeout,
                payloadType(body))));
    }

    /** v2's {@code payloadType}: {@code PAYLOAD_TYPE_JSON|_JWT|_JWE} (or {@code _UNSPECIFIED}, JSON); null if absent. */
    private static PayloadType payloadType(JsonObject body) {
        return body.enumName("payloadType", List.of("PAYLOAD_TYPE_UNSPECIFIED", "PAYLOAD_TYPE_JSON",
                "PAYLOAD_TYPE_JWT", "PAYLOAD_TYPE_JWE")).map(PayloadType::fromJson).orElse(null);
    }

    private ObjectNode updateTarget(Caller caller, TargetId id, JsonObject body) {
        body.only("id", "name", "restWebhook", "restCall", "restAsync", "endpoint", "timeout",
                "expirationSigningKey", "payloadType");
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
        TargetChange change = new TargetChange(body.string("name").orElse(null),
                type.map(t -> t.type).orElse(null),
                type.map(t -> t.interruptOnError).orElse(null),
                body.string("endpoint").orElse(null),
                body.string("timeout").map(text -> Durations.parse(text, "timeout")).orElse(null),
                rotation, payloadType(body));
        return AnswerJson.updatedTarget(service.updateTarget(caller, id, change));
    }

    private static final List<String> TARGET_COLUMNS = List.of("TARGET_FIELD_NAME_UNSPECIFIED",
            "TARGET_FIELD_NAME_ID", "TARGET_FIELD_NAME_CREATED_DATE", "TARGET_FIELD_NAME_CHANGED_DATE",
            "TARGET_FIELD_NAME_NAME", "TARGET_FIELD_NAME_TARGET_TYPE", "TARGET_FIELD_NAME_URL",
            "TARGET_FIELD_NAME_TIMEOUT", "TARGET_FIELD_NAME_INTERRUPT_ON_ERROR");

    private ObjectNode searchTargets(Caller caller, JsonObject body) {
        body.only("pagination", "sortingColumn", "filters");
        Pagination page = Pagination.parse(body);
        // as ListExecutions (and ZITADEL's ListTargets): without a column, creation order, ties by id
        TargetSortColumn column = body.enumName("sortingColumn", TARGET_COLUMNS)
                .filter(name -> !name.equals("TARGET_FIELD_NAME_UNSPECIFIED"))
                .map(name -> TargetSortColumn.valueOf(name.substring("TARGET_FIELD_NAME_".length())))
                .orElse(TargetSortColumn.CREATED_DATE);
        List<TargetQuery.NameFilter> names = new ArrayList<>();
        Set<String> ids = null;
        for (JsonObject.Element element : body.array("filters").orElse(List.of())) {
            JsonObject filter = element.object().only("targetNameFilter", "inTargetIdsFilter");
            if (filter.names().size() != 1) {
                throw new ShapeException("'" + filter.path()
                        + "' must have exactly one of targetNameFilter or inTargetIdsFilter");
            }
            if (filter.has("targetNameFilter")) {
                // several name filters must all match (AND), as every other filter and as ZITADEL does
                JsonObject byName = filter.requireObject("targetNameFilter").only("targetName", "method");
                String name = boundedString(byName, "targetName", MAX_QUERY_STRING_LENGTH);
                TextFilterMethod method = byName.enumName("method", List.of("TEXT_FILTER_METHOD_EQUALS",
                        "TEXT_FILTER_METHOD_CONTAINS", "TEXT_FILTER_METHOD_STARTS_WITH"))
                        .map(m -> TextFilterMethod.valueOf(m.substring("TEXT_FILTER_METHOD_".length())))
                        .orElse(TextFilterMethod.EQUALS);
                names.add(new TargetQuery.NameFilter(name, method));
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
        return AnswerJson.targets(service.searchTargets(caller,
                new TargetQuery(names, idList, page.offset, page.limit, page.asc, column)));
    }

    // ---- host events and deliveries (docs/delivery.md) ----------------------------------------------

    private ObjectNode publishEvent(Caller caller, JsonObject body) {
        body.only("eventType", "aggregateID", "aggregateType", "resourceOwner", "sequence", "createdAt", "userID",
                "payload");
        String eventType = body.requireString("eventType");
        long sequence = body.uint64("sequence").orElse(0);
        Instant createdAt = body.string("createdAt").map(text -> Timestamps.parse(text, "createdAt")).orElse(null);
        String payload = body.object("payload").map(object -> object.node().toString()).orElse(null);
        HostEvent event = new HostEvent(eventType, body.string("aggregateID").orElse(null),
                body.string("aggregateType").orElse(null), body.string("resourceOwner").orElse(null), sequence,
                createdAt, body.string("userID").orElse(null), payload);
        return DeliveryJson.published(service.publishEvent(caller, event));
    }

    private static final List<String> DELIVERY_STATUSES = List.of("PENDING", "SUCCEEDED", "DEAD",
            "DELIVERY_STATUS_PENDING", "DELIVERY_STATUS_SUCCEEDED", "DELIVERY_STATUS_DEAD");

    private ObjectNode searchDeliveries(Caller caller, JsonObject body) {
        body.only("filters", "pagination");
        Pagination page = Pagination.parse(body);
        List<DeliverySearch.Filter> filters = new ArrayList<>();
        for (JsonObject.Element element : body.array("filters").orElse(List.of())) {
            JsonObject filter = element.object().only("status", "targetId", "eventType");
            if (filter.names().size() != 1) {
                throw new ShapeException("'" + filter.path() + "' must have exactly one of status, targetId or "
                        + "eventType");
            }
            if (filter.has("status")) {
                String status = filter.enumName("status", DELIVERY_STATUSES).orElseThrow();
                filters.add(new DeliverySearch.ByStatus(DeliveryStatus.valueOf(
                        status.startsWith("DELIVERY_STATUS_") ? status.substring("DELIVERY_STATUS_".length()) : status)));
            } else if (filter.has("targetId")) {
                filters.add(new DeliverySearch.ByTarget(boundedString(filter, "targetId", MAX_ID_LENGTH)));
            } else {
                filters.add(new DeliverySearch.ByEventType(boundedString(filter, "eventType", MAX_QUERY_STRING_LENGTH)));
            }
        }
        return DeliveryJson.page(service.searchDeliveries(caller,
                new DeliverySearch(filters, page.offset, page.limit, page.asc)));
    }

    // ---- shared pieces ---------------------------------------------------------------------------

    private static String boundedString(JsonObject object, String field, int max) {
        String value = object.requireString(field);
        try {
            return ActionService.boundedText(value,
                    object.path() + (object.path().isEmpty() ? "" : ".") + field, max, Operation.LIST_EXECUTIONS);
        } catch (ServiceError e) {
            throw new ShapeException(e.getMessage());
        }
    }

    // ---- routing ---------------------------------------------------------------------------------

    /** The REST routes: an HTTP method and path per {@link Operation}. */
    private enum Route {
        SET_EXECUTION("PUT", Operation.SET_EXECUTION),
        LIST_EXECUTIONS("POST", Operation.LIST_EXECUTIONS),
        RESOLVE("POST", Operation.RESOLVE),
        HISTORY("POST", Operation.HISTORY),
        LIST_FUNCTIONS("GET", Operation.LIST_FUNCTIONS),
        LIST_METHODS("GET", Operation.LIST_METHODS),
        LIST_SERVICES("GET", Operation.LIST_SERVICES),
        CREATE_TARGET("POST", Operation.CREATE_TARGET),
        SEARCH_TARGETS("POST", Operation.SEARCH_TARGETS),
        UPDATE_TARGET("POST", Operation.UPDATE_TARGET),
        GET_TARGET("GET", Operation.GET_TARGET),
        DELETE_TARGET("DELETE", Operation.DELETE_TARGET),
        INVOKE("POST", Operation.INVOKE),
        PLAN_EXECUTION("POST", Operation.PLAN_EXECUTION),
        DIFF_EXECUTIONS("POST", Operation.DIFF_EXECUTIONS),
        REVERT_EXECUTIONS("POST", Operation.REVERT_EXECUTIONS),
        LINT_EXECUTIONS("POST", Operation.LINT_EXECUTIONS),
        PUBLISH_EVENT("POST", Operation.PUBLISH_EVENT),
        SEARCH_DELIVERIES("POST", Operation.SEARCH_DELIVERIES),
        RETRY_DELIVERY("POST", Operation.RETRY_DELIVERY);

        final String method;
        final Operation operation;

        Route(String method, Operation operation) {
            this.method = method;
            this.operation = operation;
        }

        boolean readsBody() {
            return !"GET".equals(method) && !"DELETE".equals(method);
        }
    }

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
                        case "_invoke" -> candidates.add(new Match(Route.INVOKE, null));
                        case "_history" -> candidates.add(new Match(Route.HISTORY, null));
                        case "_plan" -> candidates.add(new Match(Route.PLAN_EXECUTION, null));
                        case "_diff" -> candidates.add(new Match(Route.DIFF_EXECUTIONS, null));
                        case "_revert" -> candidates.add(new Match(Route.REVERT_EXECUTIONS, null));
                        case "_lint" -> candidates.add(new Match(Route.LINT_EXECUTIONS, null));
                        case "functions" -> candidates.add(new Match(Route.LIST_FUNCTIONS, null));
                        case "methods" -> candidates.add(new Match(Route.LIST_METHODS, null));
                        case "services" -> candidates.add(new Match(Route.LIST_SERVICES, null));
                        default -> {
                        }
                    }
                }
            } else if (collection.equals("events")) {
                if (rest.isEmpty()) {
                    candidates.add(new Match(Route.PUBLISH_EVENT, null));
                }
            } else if (collection.equals("deliveries")) {
                if (rest.size() == 1 && rest.get(0).equals("_search")) {
                    candidates.add(new Match(Route.SEARCH_DELIVERIES, null));
                } else if (rest.size() == 2 && rest.get(1).equals("_retry")) {
                    candidates.add(new Match(Route.RETRY_DELIVERY, rest.get(0)));
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
            throw notFound("no endpoint at " + rawPath);
        }
        for (Match candidate : candidates) {
            if (candidate.route.method.equalsIgnoreCase(method)) {
                return candidate;
            }
        }
        throw methodNotAllowed(method + " is not allowed on " + rawPath + "; allowed: "
                + String.join(", ", candidates.stream().map(c -> c.route.method).distinct().toList()));
    }

    /** 404 {@code API-ROUTE}: no endpoint at a path (also for a server's own routing). */
    public static ServiceError notFound(String message) {
        return new ServiceError(404, ErrorCode.NOT_FOUND.grpc(), "API-ROUTE", "Errors.Route.NotFound", message);
    }

    /** 405 {@code API-METHOD}: the path exists, the HTTP method does not. */
    public static ServiceError methodNotAllowed(String message) {
        return new ServiceError(405, 12, "API-METHOD", "Errors.Route.MethodNotAllowed", message);
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
            if (c == '%' && isHex(segment, i + 1) && isHex(segment, i + 2)) {
                out.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw notFound("malformed percent-encoding in " + rawPath);
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
