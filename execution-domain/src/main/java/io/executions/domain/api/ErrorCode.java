package io.executions.domain.api;

/** The gRPC status codes the contract uses, with the HTTP status each maps to. */
public enum ErrorCode {
    INVALID_ARGUMENT(3, 400),
    NOT_FOUND(5, 404),
    ALREADY_EXISTS(6, 409),
    PERMISSION_DENIED(7, 403),
    FAILED_PRECONDITION(9, 400),
    INTERNAL(13, 500),
    UNAVAILABLE(14, 503),
    UNAUTHENTICATED(16, 401);

    private final int grpc;
    private final int http;

    ErrorCode(int grpc, int http) {
        this.grpc = grpc;
        this.http = http;
    }

    public int grpc() {
        return grpc;
    }

    public int http() {
        return http;
    }
}
