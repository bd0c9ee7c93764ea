package io.executions.grpc;

import com.google.protobuf.Timestamp;
import io.executions.api.service.ActionService;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.Condition;
import io.executions.domain.api.ConditionKind;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetType;
import io.executions.grpc.proto.zitadel.action.v2beta.EventExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.ExecutionTargetType;
import io.executions.grpc.proto.zitadel.action.v2beta.FunctionExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.RESTAsync;
import io.executions.grpc.proto.zitadel.action.v2beta.RESTCall;
import io.executions.grpc.proto.zitadel.action.v2beta.RESTWebhook;
import io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.ResponseExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.Target;
import io.executions.projections.TargetView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The proto forms (v2beta) of the contract's values, both ways. Only the wire shape is checked here, where the
 * REST adapter checks its JSON shape (rule 4: a condition with no kind or no choice, {@code all: false}, an entry
 * with neither target nor include) and with the same error ({@link ServiceError#shape}); lengths and every
 * later rule are the domain's, so every transport answers them identically.
 */
final class ProtoForms {
    private ProtoForms() {
    }

    // ---- conditions ------------------------------------------------------------------------------

    /** A condition of a request; {@code path} names it in the error (e.g. {@code condition}). */
    static Condition condition(io.executions.grpc.proto.zitadel.action.v2beta.Condition proto, String path,
                               Operation operation) {
        return switch (proto.getConditionTypeCase()) {
            case REQUEST -> request(proto.getRequest(), path + ".request", operation);
            case RESPONSE -> response(proto.getResponse(), path + ".response", operation);
            case FUNCTION -> Condition.function(proto.getFunction().getName());
            case EVENT -> event(proto.getEvent(), path + ".event", operation);
            case CONDITIONTYPE_NOT_SET -> throw ServiceError.shape(operation, "'" + path
                    + "' must have exactly one of request, response, function or event, it has none");
        };
    }

    private static Condition request(RequestExecution r, String path, Operation operation) {
        return switch (r.getConditionCase()) {
            case METHOD -> Condition.requestMethod(r.getMethod());
            case SERVICE -> Condition.requestService(r.getService());
            case ALL -> all(r.getAll(), path, operation, Condition.requestAll());
            case CONDITION_NOT_SET -> throw noChoice(path, "method, service, all", operation);
        };
    }

    private static Condition response(ResponseExecution r, String path, Operation operation) {
        return switch (r.getConditionCase()) {
            case METHOD -> Condition.responseMethod(r.getMethod());
            case SERVICE -> Condition.responseService(r.getService());
            case ALL -> all(r.getAll(), path, operation, Condition.responseAll());
            case CONDITION_NOT_SET -> throw noChoice(path, "method, service, all", operation);
        };
    }

    private static Condition event(EventExecution e, String path, Operation operation) {
        return switch (e.getConditionCase()) {
            case EVENT -> Condition.event(e.getEvent());
            case GROUP -> Condition.eventGroup(e.getGroup());
            case ALL -> all(e.getAll(), path, operation, Condition.eventAll());
            case CONDITION_NOT_SET -> throw noChoice(path, "event, group, all", operation);
        };
    }

    private static Condition all(boolean all, String path, Operation operation, Condition condition) {
        if (!all) {
            throw ServiceError.shape(operation, "'" + path + ".all' must be true");
        }
        return condition;
    }

    private static ServiceError noChoice(String path, String choices, Operation operation) {
        return ServiceError.shape(operation, "'" + path + "' must have exactly one of " + choices + ", it has none");
    }

    /** A condition of a query (a filter, History): wire shape here, then lengths as ActionService checks them. */
    static Condition queryCondition(io.executions.grpc.proto.zitadel.action.v2beta.Condition proto, String path,
                                    Operation operation) {
        return ActionService.queryCondition(condition(proto, path, operation), path, operation);
    }

    static io.executions.grpc.proto.zitadel.action.v2beta.Condition condition(Condition condition) {
        var builder = io.executions.grpc.proto.zitadel.action.v2beta.Condition.newBuilder();
        ConditionKind kind = condition.kind();
        String value = condition.value();
        switch (kind) {
            case REQUEST_METHOD -> builder.setRequest(RequestExecution.newBuilder().setMethod(value));
            case REQUEST_SERVICE -> builder.setRequest(RequestExecution.newBuilder().setService(value));
            case REQUEST_ALL -> builder.setRequest(RequestExecution.newBuilder().setAll(true));
            case RESPONSE_METHOD -> builder.setResponse(ResponseExecution.newBuilder().setMethod(value));
            case RESPONSE_SERVICE -> builder.setResponse(ResponseExecution.newBuilder().setService(value));
            case RESPONSE_ALL -> builder.setResponse(ResponseExecution.newBuilder().setAll(true));
            case FUNCTION -> builder.setFunction(FunctionExecution.newBuilder().setName(value));
            case EVENT -> builder.setEvent(EventExecution.newBuilder().setEvent(value));
            case EVENT_GROUP -> builder.setEvent(EventExecution.newBuilder().setGroup(value));
            case EVENT_ALL -> builder.setEvent(EventExecution.newBuilder().setAll(true));
        }
        return builder.build();
    }

    /** The execution type of a filter; UNSPECIFIED (or an unknown number) is no type, as REST's. */
    static ExecutionType executionType(io.executions.grpc.proto.zitadel.action.v2beta.ExecutionType type) {
        return switch (type) {
            case EXECUTION_TYPE_REQUEST -> ExecutionType.REQUEST;
            case EXECUTION_TYPE_RESPONSE -> ExecutionType.RESPONSE;
            case EXECUTION_TYPE_EVENT -> ExecutionType.EVENT;
            case EXECUTION_TYPE_FUNCTION -> ExecutionType.FUNCTION;
            default -> null;
        };
    }

    // ---- entries ---------------------------------------------------------------------------------

    static List<Entry> entries(List<ExecutionTargetType> protos, String path, Operation operation) {
        List<Entry> entries = new ArrayList<>(protos.size());
        for (int i = 0; i < protos.size(); i++) {
            ExecutionTargetType entry = protos.get(i);
            String at = path + "[" + i + "]";
            entries.add(switch (entry.getTypeCase()) {
                case TARGET -> Entry.target(entry.getTarget());
                case INCLUDE -> Entry.include(condition(entry.getInclude(), at + ".include", operation));
                case TYPE_NOT_SET -> throw ServiceError.shape(operation, "'" + at
                        + "' must have exactly one of target or include, it has neither");
            });
        }
        return entries;
    }

    static List<ExecutionTargetType> entries(List<Entry> entries) {
        List<ExecutionTargetType> protos = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry instanceof Entry.Target t) {
                protos.add(ExecutionTargetType.newBuilder().setTarget(t.target().value()).build());
            } else if (entry instanceof Entry.Include i) {
                protos.add(ExecutionTargetType.newBuilder().setInclude(condition(i.condition())).build());
            }
        }
        return protos;
    }

    // ---- targets ---------------------------------------------------------------------------------

    /** A target as a listing shows it: no signing key (docs/dispatch.md: keys only in create, update and get). */
    static Target listedTarget(TargetView view) {
        return target(view).toBuilder().clearSigningKey().build();
    }

    static Target target(TargetView view) {
        TargetDefinition d = view.definition();
        Target.Builder builder = Target.newBuilder()
                .setId(view.id().value())
                .setCreationDate(timestamp(view.creationDate()))
                .setChangeDate(timestamp(view.changeDate()))
                .setName(d.name())
                .setTimeout(duration(d.timeout()))
                .setEndpoint(d.endpoint())
                .setSigningKey(d.signingKey() == null ? "" : d.signingKey());
        switch (d.type()) {
            case REST_WEBHOOK -> builder.setRestWebhook(RESTWebhook.newBuilder().setInterruptOnError(d.interruptOnError()));
            case REST_CALL -> builder.setRestCall(RESTCall.newBuilder().setInterruptOnError(d.interruptOnError()));
            case REST_ASYNC -> builder.setRestAsync(RESTAsync.getDefaultInstance());
        }
        return builder.build();
    }

    /** The type of a target oneof, or null when none is set. */
    static TargetType targetType(boolean webhook, boolean call, boolean async) {
        return webhook ? TargetType.REST_WEBHOOK : call ? TargetType.REST_CALL : async ? TargetType.REST_ASYNC : null;
    }

    // ---- time ------------------------------------------------------------------------------------

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static com.google.protobuf.Duration duration(Duration duration) {
        Duration d = duration == null ? Duration.ZERO : duration;
        return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    static Duration duration(com.google.protobuf.Duration duration) {
        return Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
    }
}
