package io.executions.api.service;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one error model of every transport: HTTP status, gRPC code, stable error id, message key and a human
 * message (docs/contract.md, "Error model"). REST renders it as {@code {code, message, details[{@type, id,
 * message}]}}, gRPC as the status code, the message and a {@code zitadel.v1.ErrorDetail {id, message}} in
 * {@code grpc-status-details-bin}.
 */
public final class ServiceError extends RuntimeException {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceError.class);

    private final int httpStatus;
    private final int grpcCode;
    private final String errorId;
    private final String messageKey;

    public ServiceError(int httpStatus, int grpcCode, String errorId, String messageKey, String message) {
        super(message == null ? messageKey : message, null, false, false);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.errorId = errorId;
        this.messageKey = messageKey;
    }

    public static ServiceError of(ErrorCode code, String errorId, String messageKey, String message) {
        return new ServiceError(code.http(), code.grpc(), errorId, messageKey, message);
    }

    /** A rule-4 error: the request of {@code operation} is malformed (400, INVALID_ARGUMENT, {@code API-BODY}). */
    public static ServiceError shape(Operation operation, String message) {
        return of(ErrorCode.INVALID_ARGUMENT, "API-BODY", operation.invalidKey(), message);
    }

    /**
     * Any failure as this model: itself, a domain {@link Rejection} (also when wrapped, as Axon wraps them), or
     * else an internal error, logged with a reference the answer names (the answer never carries the cause).
     *
     * @param context what was being done, for the log line (e.g. {@code "PUT /v2beta/actions/executions"})
     */
    public static ServiceError from(Throwable failure, String context) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServiceError error) {
                return error;
            }
            if (t instanceof Rejection rejection) {
                return of(rejection.code(), rejection.errorId(), rejection.messageKey(), rejection.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("internal error answering {} (reference {})", context, reference, failure);
        return of(ErrorCode.INTERNAL, "API-INTERNAL", MessageKeys.INTERNAL,
                "internal error; the server log has the details under reference " + reference);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int grpcCode() {
        return grpcCode;
    }

    public String errorId() {
        return errorId;
    }

    public String messageKey() {
        return messageKey;
    }
}
