package io.executions.domain.policy;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.Rejection;

/** Shorthands for the rejections of the policies. */
final class Rejections {
    private Rejections() {
    }

    static Rejection invalid(String errorId, String key, String message) {
        return new Rejection(ErrorCode.INVALID_ARGUMENT, errorId, key, message);
    }

    static Rejection notFound(String errorId, String key, String message) {
        return new Rejection(ErrorCode.NOT_FOUND, errorId, key, message);
    }

    static Rejection precondition(String errorId, String key, String message) {
        return new Rejection(ErrorCode.FAILED_PRECONDITION, errorId, key, message);
    }
}
