package io.executions.dispatch;

/**
 * Why a chain failed the host's call (docs/dispatch.md): {@code FAILED_PRECONDITION} (9)
 * {@code Errors.Execution.Failed}, or the error a target forwarded ({@code forwardedStatusCode} 400..499 as
 * that code's gRPC status, any other code as {@code FAILED_PRECONDITION}, with its message).
 *
 * @param grpcCode   the gRPC status code the host's call fails with
 * @param httpStatus the HTTP status a REST host answers with (the forwarded code, or 400 for 9 as in docs/contract.md "Error model")
 * @param errorId    the stable error id of the ErrorDetail
 * @param messageKey the ErrorDetail's message (the key; for a forwarded error, its message)
 * @param message    the readable text (the status message)
 */
public record ChainFailure(int grpcCode, int httpStatus, String errorId, String messageKey, String message) {
    public static final String EXECUTION_FAILED = "Errors.Execution.Failed";

    static ChainFailure failed(String targetName, CallOutcome outcome) {
        return new ChainFailure(9, 400, "EXEC-dra6yamk98", EXECUTION_FAILED,
                "target '" + targetName + "' failed: " + outcome.outcome() + " " + outcome.error());
    }

    static ChainFailure forwarded(int forwardedStatus, String forwardedMessage) {
        String text = forwardedMessage == null || forwardedMessage.isEmpty()
                ? "forwarded status " + forwardedStatus : forwardedMessage;
        if (forwardedStatus >= 400 && forwardedStatus <= 499) {
            return new ChainFailure(grpcCodeOf(forwardedStatus), forwardedStatus, "EXEC-reUaUZCzCp", text, text);
        }
        return new ChainFailure(9, 400, "EXEC-bmhNhpcqpF", text, text);
    }

    /**
     * The gRPC status of an HTTP 4xx code, as grpc-gateway maps them both ways (ZITADEL's REST gateway):
     * 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 408 DEADLINE_EXCEEDED,
     * 409 ALREADY_EXISTS, 412 FAILED_PRECONDITION, 429 RESOURCE_EXHAUSTED, 499 CANCELLED; a 4xx without a
     * gRPC counterpart is FAILED_PRECONDITION.
     */
    static int grpcCodeOf(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 3;
            case 401 -> 16;
            case 403 -> 7;
            case 404 -> 5;
            case 408 -> 4;
            case 409 -> 6;
            case 412 -> 9;
            case 429 -> 8;
            case 499 -> 1;
            default -> 9;
        };
    }
}
