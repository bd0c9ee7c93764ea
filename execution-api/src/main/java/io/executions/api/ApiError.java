package io.executions.api;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.Rejection;

/**
 * An error answer of the facade itself (authentication, permission, feature flag, body shape, routing):
 * the HTTP status, gRPC code, stable error id and message key of SPEC section 3.
 */
final class ApiError extends RuntimeException {
    final int httpStatus;
    final int grpcCode;
    final String errorId;
    final String messageKey;

    ApiError(int httpStatus, int grpcCode, String errorId, String messageKey, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.errorId = errorId;
        this.messageKey = messageKey;
    }

    static ApiError of(ErrorCode code, String errorId, String messageKey, String message) {
        return new ApiError(code.http(), code.grpc(), errorId, messageKey, message);
    }

    static ApiError of(Rejection rejection) {
        return of(rejection.code(), rejection.errorId(), rejection.messageKey(), rejection.getMessage());
    }
}
