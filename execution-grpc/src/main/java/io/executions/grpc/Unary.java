package io.executions.grpc;

import io.executions.api.service.ServiceError;
import io.grpc.stub.StreamObserver;

import java.util.function.Supplier;

/** One unary answer: the value, or the contract's error (never a stack trace, never a hang). */
final class Unary {
    private Unary() {
    }

    static <T> void answer(StreamObserver<T> out, String method, Supplier<T> body) {
        T answer;
        try {
            answer = body.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.of(ServiceError.from(e, method)));
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }
}
