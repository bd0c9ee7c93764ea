package io.executions.grpc;

import io.executions.api.Caller;
import io.executions.api.service.ActionService;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetDefinition;
import io.executions.grpc.proto.executions.v1.Change;
import io.executions.grpc.proto.executions.v1.ChangeKind;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.executions.v1.HistoryRequest;
import io.executions.grpc.proto.executions.v1.HistoryResponse;
import io.executions.grpc.proto.executions.v1.Affected;
import io.executions.grpc.proto.executions.v1.DiffRequest;
import io.executions.grpc.proto.executions.v1.DiffResponse;
import io.executions.grpc.proto.executions.v1.ExecutionDiff;
import io.executions.grpc.proto.executions.v1.Finding;
import io.executions.grpc.proto.executions.v1.LintRequest;
import io.executions.grpc.proto.executions.v1.LintResponse;
import io.executions.grpc.proto.executions.v1.PlanRequest;
import io.executions.grpc.proto.executions.v1.PlanResponse;
import io.executions.grpc.proto.executions.v1.RevertRequest;
import io.executions.grpc.proto.executions.v1.RevertResponse;
import io.executions.grpc.proto.executions.v1.Violation;
import io.executions.grpc.proto.executions.v1.ResolveRequest;
import io.executions.grpc.proto.executions.v1.ResolveResponse;
import io.executions.grpc.proto.executions.v1.ResolvedTarget;
import io.executions.grpc.proto.zitadel.action.v2beta.EventExecution;
import io.executions.projections.HistoryEntry;
import io.executions.projections.Resolution;
import io.executions.projections.SafeChange;
import io.executions.projections.ResolveQuery;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryStatus;
import io.executions.grpc.proto.executions.v1.Delivery;
import io.executions.grpc.proto.executions.v1.DeliveryFilter;
import io.executions.grpc.proto.executions.v1.PublishEventRequest;
import io.executions.grpc.proto.executions.v1.PublishEventResponse;
import io.executions.grpc.proto.executions.v1.RetryDeliveryRequest;
import io.executions.grpc.proto.executions.v1.RetryDeliveryResponse;
import io.executions.grpc.proto.executions.v1.SearchDeliveriesRequest;
import io.executions.grpc.proto.executions.v1.SearchDeliveriesResponse;
import io.executions.grpc.proto.zitadel.filter.v2beta.PaginationResponse;
import io.executions.projections.DeliveryPage;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryView;
import io.executions.domain.api.HostEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Value;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.TargetOutcome;
import io.executions.grpc.proto.executions.v1.InvokeCall;
import io.executions.grpc.proto.executions.v1.InvokeRequest;
import io.executions.grpc.proto.executions.v1.InvokeResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code executions.v1.ExecutionsService}: the contract's extensions (Resolve, History) over {@link ActionService},
 * with the same checks and answers as {@code POST /v2beta/actions/executions/_resolve} and {@code /_history}.
 */
final class ExecutionsServiceGrpcAdapter extends ExecutionsServiceGrpc.ExecutionsServiceImplBase {
    private final ActionService service;

    ExecutionsServiceGrpcAdapter(ActionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void resolve(ResolveRequest request, StreamObserver<ResolveResponse> out) {
        Unary.answer(out, "Resolve", () -> {
            Caller caller = CallerInterceptor.caller();
            Instant at = request.hasAt() ? ProtoForms.instant(request.getAt()) : null;
            Resolution resolution = service.resolve(caller, query(request), at);
            ResolveResponse.Builder answer = ResolveResponse.newBuilder()
                    .setExecutionId(resolution.matched() == null ? "" : resolution.matched().value());
            for (io.executions.projections.ResolvedTarget target : resolution.targets()) {
                TargetDefinition d = target.definition();
                ResolvedTarget.Builder node = ResolvedTarget.newBuilder()
                        .setId(target.id().value())
                        .setName(d.name())
                        .setEndpoint(d.endpoint())
                        .setTimeout(ProtoForms.duration(d.timeout()))
                        .setType(d.type().json())
                        .setInterruptOnError(d.interruptOnError());
                target.via().forEach(id -> node.addVia(id.value()));
                answer.addTargets(node);
            }
            return answer.build();
        });
    }

    /**
     * {@code _invoke} over gRPC: the same {@link ActionService#invoke} as REST; the payload a {@code Struct}, the
     * message after the call targets a {@code Value} (both render as the REST JSON in protobuf JSON).
     */
    @Override
    public void invoke(InvokeRequest request, StreamObserver<InvokeResponse> out) {
        Unary.answer(out, "Invoke", () -> {
            Caller caller = CallerInterceptor.caller();
            ResolveQuery query = query(null, request, Operation.INVOKE);
            JsonNode payload;
            try {
                payload = request.hasPayload()
                        ? INVOKE_JSON.readTree(JsonFormat.printer().omittingInsignificantWhitespace()
                        .print(request.getPayload()))
                        : INVOKE_JSON.createObjectNode();
            } catch (IOException e) {
                throw ServiceError.shape(Operation.INVOKE, "'payload' is not a JSON object");
            }
            ChainResult result = service.invoke(caller, query, payload);
            InvokeResponse.Builder answer = InvokeResponse.newBuilder()
                    .setExecutionId(result.executionId() == null ? "" : result.executionId().value())
                    .setInterrupted(result.interrupted());
            Value.Builder message = Value.newBuilder();
            try {
                JsonFormat.parser().merge(INVOKE_JSON.writeValueAsString(result.message() == null
                        ? INVOKE_JSON.createObjectNode() : result.message()), message);
            } catch (IOException e) {
                throw new IllegalStateException("a JSON tree always renders as a protobuf Value", e);
            }
            answer.setPayload(message);
            for (TargetOutcome call : result.calls()) {
                answer.addCalls(InvokeCall.newBuilder()
                        .setTargetId(call.targetId().value())
                        .setName(call.name())
                        .setType(call.type().json())
                        .setOutcome(call.call().outcome().name())
                        .setHttpStatus(call.call().httpStatus())
                        .setDurationMs((int) Math.min(Integer.MAX_VALUE, call.call().durationMs()))
                        .setError(call.call().error() == null ? "" : call.call().error()));
            }
            return answer.build();
        });
    }

    private static final ObjectMapper INVOKE_JSON = new ObjectMapper();

    /** The call to resolve: request and response take only a method, an event only an event type (as REST). */
    private static ResolveQuery query(ResolveRequest request) {
        return query(request, null, Operation.RESOLVE);
    }

    private static ResolveQuery query(ResolveRequest resolve, InvokeRequest invoke, Operation op) {
        ResolveRequest request = invoke == null ? resolve : switch (invoke.getCallCase()) {
            case REQUEST -> ResolveRequest.newBuilder().setRequest(invoke.getRequest()).build();
            case RESPONSE -> ResolveRequest.newBuilder().setResponse(invoke.getResponse()).build();
            case EVENT -> ResolveRequest.newBuilder().setEvent(invoke.getEvent()).build();
            case FUNCTION -> ResolveRequest.newBuilder().setFunction(invoke.getFunction()).build();
            case CALL_NOT_SET -> ResolveRequest.getDefaultInstance();
        };
        return switch (request.getCallCase()) {
            case REQUEST -> {
                if (!request.getRequest().hasMethod()) {
                    throw ServiceError.shape(op, "'request' takes only 'method', a full method such as "
                            + "/zitadel.session.v2.SessionService/ListSessions");
                }
                yield ResolveQuery.request(request.getRequest().getMethod());
            }
            case RESPONSE -> {
                if (!request.getResponse().hasMethod()) {
                    throw ServiceError.shape(op, "'response' takes only 'method', a full method such as "
                            + "/zitadel.session.v2.SessionService/ListSessions");
                }
                yield ResolveQuery.response(request.getResponse().getMethod());
            }
            case EVENT -> {
                if (request.getEvent().getConditionCase() != EventExecution.ConditionCase.EVENT) {
                    throw ServiceError.shape(op, "'event' takes only 'event', an event type such as user.human.added");
                }
                yield ResolveQuery.event(request.getEvent().getEvent());
            }
            case FUNCTION -> ResolveQuery.function(request.getFunction().getName());
            case CALL_NOT_SET -> throw ServiceError.shape(op,
                    "the request must have exactly one of request, response, event or function, it has none");
        };
    }

    @Override
    public void publishEvent(PublishEventRequest request, StreamObserver<PublishEventResponse> out) {
        Unary.answer(out, "PublishEvent", () -> {
            Caller caller = CallerInterceptor.caller();
            String payload = null;
            if (request.hasPayload()) {
                try {
                    payload = JsonFormat.printer().omittingInsignificantWhitespace().print(request.getPayload());
                } catch (InvalidProtocolBufferException e) {
                    throw ServiceError.shape(Operation.PUBLISH_EVENT, "'payload' is not a JSON object");
                }
            }
            HostEvent event = new HostEvent(request.getEventType(), request.getAggregateId(),
                    request.getAggregateType(), request.getResourceOwner(), request.getSequence(),
                    request.hasCreatedAt() ? ProtoForms.instant(request.getCreatedAt()) : null,
                    request.getUserId().isEmpty() ? null : request.getUserId(), payload);
            return PublishEventResponse.newBuilder().setDeliveries(service.publishEvent(caller, event)).build();
        });
    }

    @Override
    public void searchDeliveries(SearchDeliveriesRequest request, StreamObserver<SearchDeliveriesResponse> out) {
        Unary.answer(out, "SearchDeliveries", () -> {
            Caller caller = CallerInterceptor.caller();
            List<DeliverySearch.Filter> filters = new ArrayList<>();
            for (int i = 0; i < request.getFiltersCount(); i++) {
                DeliveryFilter filter = request.getFilters(i);
                switch (filter.getFilterCase()) {
                    case STATUS -> filters.add(new DeliverySearch.ByStatus(switch (filter.getStatus()) {
                        case PENDING -> DeliveryStatus.PENDING;
                        case SUCCEEDED -> DeliveryStatus.SUCCEEDED;
                        case DEAD -> DeliveryStatus.DEAD;
                        default -> throw ServiceError.shape(Operation.SEARCH_DELIVERIES,
                                "'filters[" + i + "].status' must be PENDING, SUCCEEDED or DEAD");
                    }));
                    case TARGET_ID -> filters.add(new DeliverySearch.ByTarget(ActionService.boundedText(
                            filter.getTargetId(), "filters[" + i + "].targetId", ActionService.MAX_ID_LENGTH,
                            Operation.SEARCH_DELIVERIES)));
                    case EVENT_TYPE -> filters.add(new DeliverySearch.ByEventType(ActionService.boundedText(
                            filter.getEventType(), "filters[" + i + "].eventType", ActionService.MAX_QUERY_STRING_LENGTH,
                            Operation.SEARCH_DELIVERIES)));
                    default -> throw ServiceError.shape(Operation.SEARCH_DELIVERIES,
                            "'filters[" + i + "]' must have exactly one of status, targetId or eventType");
                }
            }
            boolean asc = !request.hasPagination() || request.getPagination().getAsc();
            long offset = request.hasPagination() ? request.getPagination().getOffset() : 0;
            long limit = request.hasPagination() ? Integer.toUnsignedLong(request.getPagination().getLimit()) : 0;
            if (offset < 0) {
                throw ServiceError.shape(Operation.SEARCH_DELIVERIES, "'pagination.offset' is too large");
            }
            DeliveryPage page = service.searchDeliveries(caller, new DeliverySearch(filters, offset, limit, asc));
            SearchDeliveriesResponse.Builder answer = SearchDeliveriesResponse.newBuilder()
                    .setPagination(PaginationResponse.newBuilder().setTotalResult(page.totalResult())
                            .setAppliedLimit(limit));
            page.deliveries().forEach(view -> answer.addDeliveries(delivery(view)));
            return answer.build();
        });
    }

    @Override
    public void retryDelivery(RetryDeliveryRequest request, StreamObserver<RetryDeliveryResponse> out) {
        Unary.answer(out, "RetryDelivery", () -> {
            Caller caller = CallerInterceptor.caller();
            if (request.getId().isEmpty()) {
                throw ServiceError.shape(Operation.RETRY_DELIVERY, "'id' is required");
            }
            DeliveryView view = service.retryDelivery(caller, DeliveryId.of(request.getId()));
            return RetryDeliveryResponse.newBuilder().setChangeDate(ProtoForms.timestamp(view.changeDate()))
                    .setDelivery(delivery(view)).build();
        });
    }

    private static Delivery delivery(DeliveryView view) {
        Delivery.Builder d = Delivery.newBuilder()
                .setId(view.id().value())
                .setTargetId(view.targetId().value())
                .setEventType(view.eventType())
                .setStatus(switch (view.status()) {
                    case PENDING -> io.executions.grpc.proto.executions.v1.DeliveryStatus.PENDING;
                    case SUCCEEDED -> io.executions.grpc.proto.executions.v1.DeliveryStatus.SUCCEEDED;
                    case DEAD -> io.executions.grpc.proto.executions.v1.DeliveryStatus.DEAD;
                })
                .setAttempts(view.attempts())
                .setLastError(view.lastError())
                .setCreatedDate(ProtoForms.timestamp(view.createdDate()))
                .setChangeDate(ProtoForms.timestamp(view.changeDate()));
        if (view.nextAttempt() != null) {
            d.setNextAttempt(ProtoForms.timestamp(view.nextAttempt()));
        }
        return d.build();
    }

    @Override
    public void history(HistoryRequest request, StreamObserver<HistoryResponse> out) {
        Unary.answer(out, "History", () -> {
            Caller caller = CallerInterceptor.caller();
            if (!request.hasCondition()) {
                throw ServiceError.shape(Operation.HISTORY, "'condition' is required");
            }
            Condition condition = ProtoForms.condition(request.getCondition(), "condition", Operation.HISTORY);
            HistoryResponse.Builder answer = HistoryResponse.newBuilder();
            for (HistoryEntry change : service.history(caller, condition)) {
                answer.addChanges(Change.newBuilder()
                        .setDate(ProtoForms.timestamp(change.date()))
                        .setActor(change.actor() == null ? "" : change.actor())
                        .setKind(change.kind() == HistoryEntry.Kind.SET ? ChangeKind.SET : ChangeKind.CLEARED)
                        .addAllPreviousTargets(ProtoForms.entries(change.previousTargets()))
                        .addAllTargets(ProtoForms.entries(change.targets())));
            }
            return answer.build();
        });
    }

    // ---- safe change (docs/safe-change.md), as the REST routes _plan, _diff, _revert, _lint ------------

    @Override
    public void plan(PlanRequest request, StreamObserver<PlanResponse> out) {
        Unary.answer(out, "Plan", () -> {
            Caller caller = CallerInterceptor.caller();
            if (!request.hasCondition()) {
                throw ServiceError.shape(Operation.PLAN_EXECUTION, "'condition' is required");
            }
            Condition condition = ProtoForms.condition(request.getCondition(), "condition", Operation.PLAN_EXECUTION);
            List<Entry> entries = ProtoForms.entries(request.getTargetsList(), "targets", Operation.PLAN_EXECUTION);
            SafeChange.Plan plan = service.safeChange().plan(caller, condition, entries);
            PlanResponse.Builder answer = PlanResponse.newBuilder()
                    .setValid(plan.valid())
                    .setChange(plan.change().name())
                    .addAllBefore(ProtoForms.entries(plan.before()))
                    .addAllAfter(ProtoForms.entries(plan.after()))
                    .setVersion(Long.toString(plan.version()));
            for (Rejection violation : plan.violations()) {
                answer.addViolations(Violation.newBuilder().setCode(violation.code().grpc())
                        .setId(violation.errorId()).setMessage(violation.getMessage())
                        .setKey(violation.messageKey()));
            }
            for (SafeChange.Affected affected : plan.affected()) {
                answer.addAffected(Affected.newBuilder().setExecutionId(affected.executionId().value())
                        .addAllBefore(ids(affected.before())).addAllAfter(ids(affected.after())));
            }
            return answer.build();
        });
    }

    @Override
    public void diff(DiffRequest request, StreamObserver<DiffResponse> out) {
        Unary.answer(out, "Diff", () -> {
            Caller caller = CallerInterceptor.caller();
            Instant from = request.hasFrom() ? ProtoForms.instant(request.getFrom()) : null;
            Instant to = request.hasTo() ? ProtoForms.instant(request.getTo()) : null;
            DiffResponse.Builder answer = DiffResponse.newBuilder();
            for (SafeChange.Change change : service.safeChange().diff(caller, from, to)) {
                answer.addChanges(ExecutionDiff.newBuilder().setExecutionId(change.executionId().value())
                        .addAllBefore(ProtoForms.entries(change.before()))
                        .addAllAfter(ProtoForms.entries(change.after()))
                        .addAllResolvedBefore(ids(change.resolvedBefore()))
                        .addAllResolvedAfter(ids(change.resolvedAfter())));
            }
            return answer.build();
        });
    }

    @Override
    public void revert(RevertRequest request, StreamObserver<RevertResponse> out) {
        Unary.answer(out, "Revert", () -> {
            Caller caller = CallerInterceptor.caller();
            Instant to = request.hasTo() ? ProtoForms.instant(request.getTo()) : null;
            List<Condition> conditions = null;
            if (request.getConditionsCount() > 0) {
                conditions = new ArrayList<>();
                for (int i = 0; i < request.getConditionsCount(); i++) {
                    conditions.add(ProtoForms.condition(request.getConditions(i), "conditions[" + i + "]",
                            Operation.REVERT_EXECUTIONS));
                }
            }
            SetExecutionListsResult result = service.safeChange().revert(caller, to, conditions);
            return RevertResponse.newBuilder().setChanges(result.changes())
                    .setSetDate(ProtoForms.timestamp(result.setDate())).build();
        });
    }

    @Override
    public void lint(LintRequest request, StreamObserver<LintResponse> out) {
        Unary.answer(out, "Lint", () -> {
            Caller caller = CallerInterceptor.caller();
            LintResponse.Builder answer = LintResponse.newBuilder();
            for (SafeChange.Finding finding : service.safeChange().lint(caller)) {
                answer.addFindings(Finding.newBuilder().setKind(finding.kind().name())
                        .setExecutionId(finding.executionId().value()).setMessage(finding.message()));
            }
            return answer.build();
        });
    }

    private static List<String> ids(List<TargetId> ids) {
        return ids.stream().map(TargetId::value).toList();
    }
}
