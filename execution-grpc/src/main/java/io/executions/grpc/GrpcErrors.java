package io.executions.grpc;

import com.google.protobuf.Any;
import io.executions.api.service.ServiceError;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The contract's error on gRPC (docs/transports.md): the table's status code, the human message as the
 * description, and {@code grpc-status-details-bin} holding a {@code google.rpc.Status} whose details are one
 * {@code zitadel.v1.ErrorDetail {id, message key}} in an Any, as REST's {@code details[0]}.
 */
public final class GrpcErrors {
    private GrpcErrors() {
    }

    /** The service's error as a gRPC exception. */
    public static StatusRuntimeException of(ServiceError error) {
        return of(error.grpcCode(), error.errorId(), error.messageKey(), error.getMessage());
    }

    /** The error as a gRPC exception; a handler or interceptor closes the call with it. */
    public static StatusRuntimeException of(int grpcCode, String errorId, String messageKey, String message) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(grpcCode)
                .setMessage(message == null ? messageKey : message)
                .addDetails(Any.pack(ErrorDetail.newBuilder().setId(errorId).setMessage(messageKey).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** The code of a gRPC status number, UNKNOWN for one outside the table. */
    static Status.Code code(int value) {
        return Status.fromCodeValue(value).getCode();
    }
}
