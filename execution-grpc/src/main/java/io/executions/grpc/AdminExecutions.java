package io.executions.grpc;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.executions.api.Caller;
import io.executions.api.service.ActionService;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.grpc.ExecutionsServerInterceptor;
import io.executions.projections.ResolveQuery;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The server's own services go through the same {@link ExecutionsServerInterceptor} a host puts around its
 * methods (docs/dispatch.md), after rules 1 to 3 ({@link CallerInterceptor} admits the caller first, so an
 * unauthenticated call runs no target), with the instance and user of the admitted caller.
 *
 * <p>The lock-out guard (docs/contract.md "Resolution"): by default the management API's services resolve to nothing, so no
 * execution runs on them at all. A host that opts in ({@code "lockOutGuard": {"optIn": true}}) gets its executions
 * on them, except on {@code SetExecution}: that method never runs executions, so a failing or hanging target can
 * never block the call that removes or fixes the execution that binds it (ZITADEL issue 8205).
 *
 * <p>A call with no execution costs two resolutions from the in-memory model and allocates nothing; the handler
 * of an intercepted call resumes on Armeria's blocking executor, as every call of the service does.
 */
final class AdminExecutions implements ServerInterceptor {
    private final ActionService service;

    AdminExecutions(ActionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The methods that never run executions: the way out of any execution on the management API. */
    static boolean neverIntercepted(String fullMethodName) {
        return fullMethodName.endsWith("/SetExecution")
                && (fullMethodName.startsWith("zitadel.action.v2beta.ActionService/")
                || fullMethodName.startsWith("zitadel.action.v2.ActionService/"));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        Dispatcher dispatcher = service.dispatcher();
        Caller caller = CallerInterceptor.CALLER.get();
        String name = call.getMethodDescriptor().getFullMethodName();
        if (dispatcher == null || caller == null || neverIntercepted(name)) {
            return next.startCall(call, headers);
        }
        String fullMethod = "/" + name;
        if (!dispatcher.hasTargets(caller.instance(), ResolveQuery.request(fullMethod))
                && !dispatcher.hasTargets(caller.instance(), ResolveQuery.response(fullMethod))) {
            return next.startCall(call, headers);
        }
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        // the handler resumes later on another thread: with the admitted caller's gRPC context attached
        Executor handlers = io.grpc.Context.current().fixedContextExecutor(
                ctx != null ? ctx.blockingTaskExecutor() : ForkJoinPool.commonPool());
        return new ExecutionsServerInterceptor(dispatcher, metadata -> caller.instance(),
                metadata -> new ExecutionsServerInterceptor.Caller("", "", caller.user()), handlers)
                .interceptCall(call, headers, next);
    }
}
