package io.executions.grpc;

import io.executions.api.Caller;
import io.executions.api.service.ActionService;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.Condition;
import io.executions.domain.api.TargetDefinition;
import io.executions.grpc.proto.executions.v1.Change;
import io.executions.grpc.proto.executions.v1.ChangeKind;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.executions.v1.HistoryRequest;
import io.executions.grpc.proto.executions.v1.HistoryResponse;
import io.executions.grpc.proto.executions.v1.ResolveRequest;
import io.executions.grpc.proto.executions.v1.ResolveResponse;
import io.executions.grpc.proto.executions.v1.ResolvedTarget;
import io.executions.grpc.proto.zitadel.action.v2beta.EventExecution;
import io.executions.projections.HistoryEntry;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.grpc.stub.StreamObserver;

import java.time.Instant;
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

    /** The call to resolve: request and response take only a method, an event only an event type (as REST). */
    private static ResolveQuery query(ResolveRequest request) {
        Operation op = Operation.RESOLVE;
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
}
