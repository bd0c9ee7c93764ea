package io.executions.grpc;

import com.google.protobuf.Descriptors;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc;

/** The operations of the conformance suite: their REST route and their gRPC method (v2beta, executions.v1). */
enum Op {
    SET_EXECUTION("PUT", "/v2beta/actions/executions", "SetExecution"),
    LIST_EXECUTIONS("POST", "/v2beta/actions/executions/_search", "ListExecutions"),
    LIST_FUNCTIONS("GET", "/v2beta/actions/executions/functions", "ListExecutionFunctions"),
    LIST_METHODS("GET", "/v2beta/actions/executions/methods", "ListExecutionMethods"),
    LIST_SERVICES("GET", "/v2beta/actions/executions/services", "ListExecutionServices"),
    CREATE_TARGET("POST", "/v2beta/actions/targets", "CreateTarget"),
    UPDATE_TARGET("POST", "/v2beta/actions/targets/{id}", "UpdateTarget"),
    GET_TARGET("GET", "/v2beta/actions/targets/{id}", "GetTarget"),
    DELETE_TARGET("DELETE", "/v2beta/actions/targets/{id}", "DeleteTarget"),
    LIST_TARGETS("POST", "/v2beta/actions/targets/_search", "ListTargets"),
    RESOLVE("POST", "/v2beta/actions/executions/_resolve", "Resolve"),
    HISTORY("POST", "/v2beta/actions/executions/_history", "History");

    final String httpMethod;
    final String path;
    final String rpc;

    Op(String httpMethod, String path, String rpc) {
        this.httpMethod = httpMethod;
        this.path = path;
        this.rpc = rpc;
    }

    boolean restHasBody() {
        return !httpMethod.equals("GET") && !httpMethod.equals("DELETE");
    }

    Descriptors.ServiceDescriptor service() {
        return this == RESOLVE || this == HISTORY
                ? io.executions.grpc.proto.executions.v1.ExecutionsServiceOuterClass.getDescriptor()
                        .findServiceByName("ExecutionsService")
                : io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceOuterClass.getDescriptor()
                        .findServiceByName("ActionService");
    }

    Descriptors.MethodDescriptor method() {
        return service().findMethodByName(rpc);
    }

    /** The full gRPC method name, {@code pkg.Service/Method}. */
    String fullName() {
        return service().getFullName() + "/" + rpc;
    }

    static io.grpc.ServiceDescriptor grpcService(Op op) {
        return op == RESOLVE || op == HISTORY ? ExecutionsServiceGrpc.getServiceDescriptor()
                : ActionServiceGrpc.getServiceDescriptor();
    }
}
