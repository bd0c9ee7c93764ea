package io.executions.grpc;

import io.executions.api.Caller;
import io.executions.api.service.ActionService;
import io.executions.api.service.CreatedTarget;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.api.service.TargetChange;
import io.executions.api.service.TargetQuery;
import io.executions.api.service.TargetSortColumn;
import io.executions.api.service.TargetSpec;
import io.executions.domain.api.Condition;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.TargetType;
import io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.CreateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.CreateTargetResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.DeleteTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.DeleteTargetResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.Execution;
import io.executions.grpc.proto.zitadel.action.v2beta.ExecutionSearchFilter;
import io.executions.grpc.proto.zitadel.action.v2beta.GetTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.GetTargetResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.InTargetIDsFilter;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionFunctionsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionFunctionsResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionMethodsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionMethodsResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionServicesRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionServicesResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.ListTargetsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListTargetsResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.TargetSearchFilter;
import io.executions.grpc.proto.zitadel.action.v2beta.UpdateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.UpdateTargetResponse;
import io.executions.grpc.proto.zitadel.filter.v2beta.PaginationRequest;
import io.executions.grpc.proto.zitadel.filter.v2beta.PaginationResponse;
import io.executions.grpc.proto.zitadel.filter.v2beta.TextFilterMethod;
import io.executions.projections.ExecutionFilter;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ExecutionPage;
import io.executions.projections.ExecutionView;
import io.executions.projections.SortingColumn;
import io.executions.projections.TargetPage;
import io.grpc.stub.StreamObserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code zitadel.action.v2beta.ActionService} in the seed's shape, a thin adapter over {@link ActionService}:
 * proto in, the service's typed call, proto out. Rules 1 to 3 ran in {@link CallerInterceptor}; the shape of the
 * message (rule 4) is checked by {@link ProtoForms} with REST's errors; everything else is the service's.
 */
final class ActionServiceV2betaGrpc extends ActionServiceGrpc.ActionServiceImplBase {
    private final ActionService service;

    ActionServiceV2betaGrpc(ActionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    // ---- executions ------------------------------------------------------------------------------

    @Override
    public void setExecution(SetExecutionRequest request, StreamObserver<SetExecutionResponse> out) {
        Unary.answer(out, "SetExecution", () -> {
            Caller caller = CallerInterceptor.caller();
            // docs/safe-change.md: If-Match after rules 1 to 3, before the message's own checks; again with the write
            Long expectedVersion = service.safeChange().ifMatch(caller, CallerInterceptor.ifMatch());
            if (!request.hasCondition()) {
                throw ServiceError.shape(Operation.SET_EXECUTION, "'condition' is required");
            }
            Condition condition = ProtoForms.condition(request.getCondition(), "condition", Operation.SET_EXECUTION);
            SetExecutionResult result = service.setExecution(caller, condition,
                    ProtoForms.entries(request.getTargetsList(), "targets", Operation.SET_EXECUTION), expectedVersion);
            return SetExecutionResponse.newBuilder().setSetDate(ProtoForms.timestamp(result.setDate())).build();
        });
    }

    @Override
    public void listExecutions(ListExecutionsRequest request, StreamObserver<ListExecutionsResponse> out) {
        Unary.answer(out, "ListExecutions", () -> {
            ExecutionPage page = service.listExecutions(CallerInterceptor.caller(), query(request));
            ListExecutionsResponse.Builder answer = ListExecutionsResponse.newBuilder()
                    .setPagination(PaginationResponse.newBuilder().setTotalResult(page.totalResult()));
            for (ExecutionView view : page.executions()) {
                answer.addExecutions(execution(view));
            }
            return answer.build();
        });
    }

    static Execution execution(ExecutionView view) {
        Execution.Builder execution = Execution.newBuilder()
                .setCondition(ProtoForms.condition(view.condition()))
                .setCreationDate(ProtoForms.timestamp(view.creationDate()))
                .setChangeDate(ProtoForms.timestamp(view.changeDate()))
                .addAllTargets(ProtoForms.entries(view.targets()));
        if (view.direct() != null) {
            execution.setDirect(view.direct());
        }
        return execution.build();
    }

    /** The v2beta request as the service's query; v2 sends its binary-compatible request through here too. */
    static ExecutionListQuery query(ListExecutionsRequest request) {
        Operation op = Operation.LIST_EXECUTIONS;
        Paging paging = Paging.of(request.hasPagination(), request.getPagination());
        SortingColumn column = switch (request.getSortingColumn()) {
            case EXECUTION_FIELD_NAME_ID -> SortingColumn.ID;
            case EXECUTION_FIELD_NAME_CHANGED_DATE -> SortingColumn.CHANGED_DATE;
            default -> SortingColumn.CREATED_DATE;
        };
        List<ExecutionFilter> filters = new ArrayList<>();
        for (int i = 0; i < request.getFiltersCount(); i++) {
            ExecutionSearchFilter filter = request.getFilters(i);
            String path = "filters[" + i + "]";
            filters.add(switch (filter.getFilterCase()) {
                case IN_CONDITIONS_FILTER -> {
                    List<ExecutionId> ids = new ArrayList<>();
                    var conditions = filter.getInConditionsFilter().getConditionsList();
                    for (int c = 0; c < conditions.size(); c++) {
                        ids.add(ProtoForms.queryCondition(conditions.get(c),
                                path + ".inConditionsFilter.conditions[" + c + "]", op).id());
                    }
                    yield new ExecutionFilter.InConditions(ids);
                }
                case EXECUTION_TYPE_FILTER -> new ExecutionFilter.OfType(
                        ProtoForms.executionType(filter.getExecutionTypeFilter().getExecutionType()));
                case TARGET_FILTER -> new ExecutionFilter.ReachesTarget(TargetId.of(ActionService.boundedText(
                        filter.getTargetFilter().getTargetId(), path + ".targetFilter.targetId",
                        ActionService.MAX_ID_LENGTH, op)));
                case INCLUDE_FILTER -> new ExecutionFilter.Includes(ProtoForms.queryCondition(
                        filter.getIncludeFilter().getInclude(), path + ".includeFilter.include", op).id());
                case FILTER_NOT_SET -> throw ServiceError.shape(op, "'" + path + "' must have exactly one of "
                        + "inConditionsFilter, executionTypeFilter, targetFilter or includeFilter");
            });
        }
        Instant at = request.hasAt() ? ProtoForms.instant(request.getAt()) : null;
        return new ExecutionListQuery(filters, paging.offset, paging.limit, paging.asc, column, at);
    }

    @Override
    public void listExecutionFunctions(ListExecutionFunctionsRequest request,
                                       StreamObserver<ListExecutionFunctionsResponse> out) {
        Unary.answer(out, "ListExecutionFunctions", () -> ListExecutionFunctionsResponse.newBuilder()
                .addAllFunctions(service.functions(CallerInterceptor.caller())).build());
    }

    @Override
    public void listExecutionMethods(ListExecutionMethodsRequest request,
                                     StreamObserver<ListExecutionMethodsResponse> out) {
        Unary.answer(out, "ListExecutionMethods", () -> ListExecutionMethodsResponse.newBuilder()
                .addAllMethods(service.methods(CallerInterceptor.caller())).build());
    }

    @Override
    public void listExecutionServices(ListExecutionServicesRequest request,
                                      StreamObserver<ListExecutionServicesResponse> out) {
        Unary.answer(out, "ListExecutionServices", () -> ListExecutionServicesResponse.newBuilder()
                .addAllServices(service.services(CallerInterceptor.caller())).build());
    }

    // ---- targets ---------------------------------------------------------------------------------

    @Override
    public void createTarget(CreateTargetRequest request, StreamObserver<CreateTargetResponse> out) {
        Unary.answer(out, "CreateTarget", () -> {
            CreatedTarget created = service.createTarget(CallerInterceptor.caller(), spec(request));
            return CreateTargetResponse.newBuilder()
                    .setId(created.id().value())
                    .setCreationDate(ProtoForms.timestamp(created.creationDate()))
                    .setSigningKey(created.signingKey() == null ? "" : created.signingKey())
                    .build();
        });
    }

    /** The target to create; v2 sends its binary-compatible request through here too. */
    static TargetSpec spec(CreateTargetRequest request) {
        TargetType type = ProtoForms.targetType(request.hasRestWebhook(), request.hasRestCall(),
                request.hasRestAsync());
        boolean interrupt = request.hasRestWebhook() ? request.getRestWebhook().getInterruptOnError()
                : request.hasRestCall() && request.getRestCall().getInterruptOnError();
        return new TargetSpec(request.getName(), type, interrupt, request.getEndpoint(),
                request.hasTimeout() ? ProtoForms.duration(request.getTimeout()) : null);
    }

    @Override
    public void updateTarget(UpdateTargetRequest request, StreamObserver<UpdateTargetResponse> out) {
        Unary.answer(out, "UpdateTarget", () -> {
            TargetId id = ActionService.targetId(request.getId());
            TargetResult result = service.updateTarget(CallerInterceptor.caller(), id, change(request));
            UpdateTargetResponse.Builder answer = UpdateTargetResponse.newBuilder()
                    .setChangeDate(ProtoForms.timestamp(result.date()));
            if (result.signingKey() != null) {
                answer.setSigningKey(result.signingKey());
            }
            return answer.build();
        });
    }

    static TargetChange change(UpdateTargetRequest request) {
        TargetType type = ProtoForms.targetType(request.hasRestWebhook(), request.hasRestCall(),
                request.hasRestAsync());
        Boolean interrupt = type == null ? null : request.hasRestWebhook()
                ? request.getRestWebhook().getInterruptOnError()
                : request.hasRestCall() && request.getRestCall().getInterruptOnError();
        return new TargetChange(
                request.hasName() ? request.getName() : null,
                type, interrupt,
                request.hasEndpoint() ? request.getEndpoint() : null,
                request.hasTimeout() ? ProtoForms.duration(request.getTimeout()) : null,
                request.hasExpirationSigningKey() ? ProtoForms.duration(request.getExpirationSigningKey()) : null);
    }

    @Override
    public void deleteTarget(DeleteTargetRequest request, StreamObserver<DeleteTargetResponse> out) {
        Unary.answer(out, "DeleteTarget", () -> {
            TargetResult result = service.deleteTarget(CallerInterceptor.caller(),
                    ActionService.targetId(request.getId()));
            return DeleteTargetResponse.newBuilder().setDeletionDate(ProtoForms.timestamp(result.date())).build();
        });
    }

    @Override
    public void getTarget(GetTargetRequest request, StreamObserver<GetTargetResponse> out) {
        Unary.answer(out, "GetTarget", () -> GetTargetResponse.newBuilder()
                .setTarget(ProtoForms.target(service.getTarget(CallerInterceptor.caller(),
                        ActionService.targetId(request.getId()))))
                .build());
    }

    @Override
    public void listTargets(ListTargetsRequest request, StreamObserver<ListTargetsResponse> out) {
        Unary.answer(out, "ListTargets", () -> {
            TargetPage page = service.searchTargets(CallerInterceptor.caller(), query(request));
            ListTargetsResponse.Builder answer = ListTargetsResponse.newBuilder()
                    .setPagination(PaginationResponse.newBuilder().setTotalResult(page.totalResult()));
            page.targets().forEach(view -> answer.addTargets(ProtoForms.listedTarget(view)));
            return answer.build();
        });
    }

    static TargetQuery query(ListTargetsRequest request) {
        Operation op = Operation.SEARCH_TARGETS;
        Paging paging = Paging.of(request.hasPagination(), request.getPagination());
        TargetSortColumn column = switch (request.getSortingColumn()) {
            case TARGET_FIELD_NAME_ID -> TargetSortColumn.ID;
            case TARGET_FIELD_NAME_CHANGED_DATE -> TargetSortColumn.CHANGED_DATE;
            case TARGET_FIELD_NAME_NAME -> TargetSortColumn.NAME;
            case TARGET_FIELD_NAME_TARGET_TYPE -> TargetSortColumn.TARGET_TYPE;
            case TARGET_FIELD_NAME_URL -> TargetSortColumn.URL;
            case TARGET_FIELD_NAME_TIMEOUT -> TargetSortColumn.TIMEOUT;
            case TARGET_FIELD_NAME_INTERRUPT_ON_ERROR -> TargetSortColumn.INTERRUPT_ON_ERROR;
            default -> TargetSortColumn.CREATED_DATE;
        };
        List<TargetQuery.NameFilter> names = new ArrayList<>();
        Set<String> ids = null;
        for (int i = 0; i < request.getFiltersCount(); i++) {
            TargetSearchFilter filter = request.getFilters(i);
            switch (filter.getFilterCase()) {
                case TARGET_NAME_FILTER -> names.add(new TargetQuery.NameFilter(
                        filter.getTargetNameFilter().getTargetName(),
                        textMethod(filter.getTargetNameFilter().getMethod(), "filters[" + i + "]", op)));
                case IN_TARGET_IDS_FILTER -> {
                    InTargetIDsFilter byIds = filter.getInTargetIdsFilter();
                    Set<String> these = new LinkedHashSet<>(byIds.getTargetIdsList());
                    // several id filters are AND-combined like every other filter
                    if (ids == null) {
                        ids = these;
                    } else {
                        ids.retainAll(these);
                    }
                }
                case FILTER_NOT_SET -> throw ServiceError.shape(op, "'filters[" + i
                        + "]' must have exactly one of targetNameFilter or inTargetIdsFilter");
            }
        }
        return new TargetQuery(names, ids == null ? null : ids.stream().map(TargetId::of).toList(),
                paging.offset, paging.limit, paging.asc, column);
    }

    /** The name comparisons the contract knows (EQUALS, CONTAINS, STARTS_WITH); others are refused as on REST. */
    private static io.executions.projections.TextFilterMethod textMethod(TextFilterMethod method, String path,
                                                                          Operation op) {
        return switch (method) {
            case TEXT_FILTER_METHOD_EQUALS -> io.executions.projections.TextFilterMethod.EQUALS;
            case TEXT_FILTER_METHOD_CONTAINS -> io.executions.projections.TextFilterMethod.CONTAINS;
            case TEXT_FILTER_METHOD_STARTS_WITH -> io.executions.projections.TextFilterMethod.STARTS_WITH;
            default -> throw ServiceError.shape(op, "'" + path + ".targetNameFilter.method' must be one of "
                    + "TEXT_FILTER_METHOD_EQUALS, TEXT_FILTER_METHOD_CONTAINS, TEXT_FILTER_METHOD_STARTS_WITH");
        };
    }

    /**
     * {@code offset}, {@code limit} (0: all) and {@code asc}. Without a pagination message the order is ascending,
     * as the contract's default; inside one, {@code asc} is the proto field (false: descending), since proto3
     * cannot tell an absent bool from false.
     */
    private record Paging(long offset, long limit, boolean asc) {
        static Paging of(boolean present, PaginationRequest pagination) {
            if (!present) {
                return new Paging(0, 0, true);
            }
            return new Paging(pagination.getOffset(), Integer.toUnsignedLong(pagination.getLimit()),
                    pagination.getAsc());
        }
    }
}
