package io.executions.grpc;

import io.executions.api.Caller;
import io.executions.api.service.ActionService;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rules 1 to 3 of every call, before its message is read (so an unauthenticated caller sending a malformed
 * message is told 401/UNAUTHENTICATED, as on REST): {@link ActionService#begin} with the {@code authorization}
 * metadata and the method's {@link Operation}; the {@link Caller} is handed to the method in the gRPC
 * {@link Context}. The same check serves gRPC, gRPC-Web and Connect, which all reach the methods through here.
 */
final class CallerInterceptor implements ServerInterceptor {
    static final Context.Key<Caller> CALLER = Context.key("executions-caller");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** docs/safe-change.md: applying a plan; the same header as REST's PUT, as metadata on every transport. */
    static final Metadata.Key<String> IF_MATCH = Metadata.Key.of("if-match", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> IF_MATCH_VALUE = Context.key("executions-if-match");

    private static final Map<String, Operation> OPERATIONS = operations();

    private final ActionService service;

    CallerInterceptor(ActionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The operation of a full method name ({@code pkg.Service/Method}), or null for one with none. */
    static Operation operationOf(String fullMethodName) {
        return OPERATIONS.get(fullMethodName);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        Operation operation = operationOf(call.getMethodDescriptor().getFullMethodName());
        if (operation == null) {
            // a method of no operation (none today): its own answer
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = service.begin(headers.get(AUTHORIZATION), operation);
        } catch (RuntimeException e) {
            StatusRuntimeException error = GrpcErrors.of(ServiceError.from(e, call.getMethodDescriptor().getFullMethodName()));
            call.close(error.getStatus(), error.getTrailers() == null ? new Metadata() : error.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        Context context = Context.current().withValue(CALLER, caller);
        if (operation == Operation.SET_EXECUTION) {
            context = context.withValue(IF_MATCH_VALUE, headers.get(IF_MATCH));
        }
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** The caller that {@link #interceptCall} admitted for the current call. */
    static Caller caller() {
        Caller caller = CALLER.get();
        if (caller == null) {
            throw Status.INTERNAL.withDescription("no caller in the call's context").asRuntimeException();
        }
        return caller;
    }

    /** The {@code if-match} metadata of the current SetExecution call, or null. */
    static String ifMatch() {
        return IF_MATCH_VALUE.get();
    }

    private static Map<String, Operation> operations() {
        Map<String, Operation> map = new HashMap<>();
        for (String service : new String[]{"zitadel.action.v2beta.ActionService", "zitadel.action.v2.ActionService"}) {
            map.put(service + "/SetExecution", Operation.SET_EXECUTION);
            map.put(service + "/ListExecutions", Operation.LIST_EXECUTIONS);
            map.put(service + "/ListExecutionFunctions", Operation.LIST_FUNCTIONS);
            map.put(service + "/ListExecutionMethods", Operation.LIST_METHODS);
            map.put(service + "/ListExecutionServices", Operation.LIST_SERVICES);
            map.put(service + "/CreateTarget", Operation.CREATE_TARGET);
            map.put(service + "/UpdateTarget", Operation.UPDATE_TARGET);
            map.put(service + "/DeleteTarget", Operation.DELETE_TARGET);
            map.put(service + "/GetTarget", Operation.GET_TARGET);
            map.put(service + "/ListTargets", Operation.SEARCH_TARGETS);
        }
        String v2 = "zitadel.action.v2.ActionService";
        map.put(v2 + "/AddPublicKey", Operation.ADD_PUBLIC_KEY);
        map.put(v2 + "/ActivatePublicKey", Operation.ACTIVATE_PUBLIC_KEY);
        map.put(v2 + "/DeactivatePublicKey", Operation.DEACTIVATE_PUBLIC_KEY);
        map.put(v2 + "/RemovePublicKey", Operation.REMOVE_PUBLIC_KEY);
        map.put(v2 + "/ListPublicKeys", Operation.LIST_PUBLIC_KEYS);
        map.put(ExecutionsServiceGrpc.getResolveMethod().getFullMethodName(), Operation.RESOLVE);
        map.put(ExecutionsServiceGrpc.getHistoryMethod().getFullMethodName(), Operation.HISTORY);
        map.put(ExecutionsServiceGrpc.getPlanMethod().getFullMethodName(), Operation.PLAN_EXECUTION);
        map.put(ExecutionsServiceGrpc.getDiffMethod().getFullMethodName(), Operation.DIFF_EXECUTIONS);
        map.put(ExecutionsServiceGrpc.getRevertMethod().getFullMethodName(), Operation.REVERT_EXECUTIONS);
        map.put(ExecutionsServiceGrpc.getLintMethod().getFullMethodName(), Operation.LINT_EXECUTIONS);
        map.put(ExecutionsServiceGrpc.getPublishEventMethod().getFullMethodName(), Operation.PUBLISH_EVENT);
        map.put(ExecutionsServiceGrpc.getSearchDeliveriesMethod().getFullMethodName(), Operation.SEARCH_DELIVERIES);
        map.put(ExecutionsServiceGrpc.getRetryDeliveryMethod().getFullMethodName(), Operation.RETRY_DELIVERY);
        map.put(ExecutionsServiceGrpc.getInvokeMethod().getFullMethodName(), Operation.INVOKE);
        return Map.copyOf(map);
    }
}
