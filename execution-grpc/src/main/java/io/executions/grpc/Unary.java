package io.executions.grpc;

import io.executions.api.service.ServiceError;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.function.Supplier;

/** One unary answer: the value, or the contract's error (never a stack trace, never a hang). */
final class Unary {
    private Unary() {
    }

    static <T> void answer(StreamObserver<T> out, String method, Supplier<T> body) {
        if (Context.current().isCancelled()) {
            // the deadline passed (or the client left) before the method ran: do not act for a caller who has
            // already been told DEADLINE_EXCEEDED or CANCELLED
            Deadline deadline = Context.current().getDeadline();
            out.onError((deadline != null && deadline.isExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED)
                    .withDescription("the call ended before it was served; nothing was done").asRuntimeException());
            return;
        }
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
