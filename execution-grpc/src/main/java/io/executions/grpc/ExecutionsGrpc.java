package io.executions.grpc;

import com.google.protobuf.Descriptors;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.executions.api.service.ActionService;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.grpc.Metadata;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gRPC side of the server (docs/transports.md, docs/transports.md): {@code zitadel.action.v2beta.ActionService},
 * {@code zitadel.action.v2.ActionService} and {@code executions.v1.ExecutionsService} as one Armeria
 * {@link GrpcService} speaking gRPC (HTTP/2, prior knowledge and upgrade), gRPC-Web binary and text, plus Connect
 * unary through {@link ConnectUnary}, all thin adapters over one {@link ActionService}.
 *
 * <p>Mount with {@link #mount(ServerBuilder)} on the server that serves REST, so every transport shares the
 * port. Limits: a request message larger than {@code maxRequestBytes} is RESOURCE_EXHAUSTED; a client deadline
 * ({@code grpc-timeout}, {@code Connect-Timeout-Ms}) is honoured (DEADLINE_EXCEEDED); the methods run on
 * Armeria's blocking executor, never on an event loop, since the engine may wait for the store.
 */
public final class ExecutionsGrpc {
    /** The largest request message by default: 1 MiB, as REST's body limit. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    /** The largest answer by default (a long ListExecutions): 16 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 << 20;

    private final GrpcService grpc;
    private final ConnectUnary connect;

    private ExecutionsGrpc(ActionService service, int maxRequestBytes, int maxResponseBytes) {
        Objects.requireNonNull(service, "service");
        List<ServerServiceDefinition> services = List.of(
                new ActionServiceV2betaGrpc(service).bindService(),
                new ActionServiceV2Grpc(service).bindService(),
                new ExecutionsServiceGrpcAdapter(service).bindService());
        var builder = GrpcService.builder()
                // the last interceptor runs first: rules 1 to 3, then the executions on the service's own methods
                .intercept(new AdminExecutions(service))
                .intercept(new CallerInterceptor(service))
                .useBlockingTaskExecutor(true)
                .maxRequestMessageLength(maxRequestBytes)
                .maxResponseMessageLength(maxResponseBytes)
                .useClientTimeoutHeader(true)
                // the routes also accept unframed JSON/protobuf POSTs, which ConnectUnary answers before them
                .enableUnframedRequests(true)
                .exceptionHandler(ExecutionsGrpc::contractError);
        Map<String, Descriptors.MethodDescriptor> methods = new HashMap<>();
        for (ServerServiceDefinition definition : services) {
            builder.addService(definition);
            definition.getMethods().forEach(m -> {
                Object schema = m.getMethodDescriptor().getSchemaDescriptor();
                if (schema instanceof ProtoMethodDescriptorSupplier supplier) {
                    methods.put("/" + m.getMethodDescriptor().getFullMethodName(), supplier.getMethodDescriptor());
                }
            });
        }
        this.grpc = builder.build();
        this.connect = new ConnectUnary(service, methods, maxRequestBytes);
    }

    /** The gRPC side over {@code service}, with the default limits. */
    public static ExecutionsGrpc over(ActionService service) {
        return new ExecutionsGrpc(service, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** The gRPC side over {@code service}, with these message limits (bytes). */
    public static ExecutionsGrpc over(ActionService service, int maxRequestBytes, int maxResponseBytes) {
        if (maxRequestBytes <= 0 || maxResponseBytes <= 0) {
            throw new IllegalArgumentException("message limits must be positive");
        }
        return new ExecutionsGrpc(service, maxRequestBytes, maxResponseBytes);
    }

    /** Adds the services (gRPC, gRPC-Web, Connect) to a server builder, on their {@code /pkg.Service/} paths. */
    public ServerBuilder mount(ServerBuilder server) {
        return server.service(grpc, delegate -> delegate.decorate(new DeadlineAnswer()).decorate(connect));
    }

    /** The gRPC service with Connect in front, for a host that routes it itself. */
    public HttpService httpService() {
        return grpc.decorate(new DeadlineAnswer()).decorate(connect);
    }

    /**
     * Failures the adapters did not turn into the contract's error themselves: a message that does not parse
     * (rule 4, after rules 1 to 3 have passed in {@link CallerInterceptor}), an oversize one, a deadline.
     */
    private static Status contractError(RequestContext ctx, Status status, Throwable cause, Metadata trailers) {
        Operation operation = ctx instanceof ServiceRequestContext sctx
                ? CallerInterceptor.operationOf(sctx.path().substring(1)) : null;
        String invalidKey = operation == null ? "Errors.Query.Invalid" : operation.invalidKey();
        ServiceError error;
        if (isMalformed(cause)) {
            // grpc-java reports an unparsable message as INTERNAL ("Invalid protobuf byte sequence"): it is the
            // caller's rule-4 error
            error = new ServiceError(400, Status.Code.INVALID_ARGUMENT.value(), "API-BODY", invalidKey,
                    "the request message does not parse as protobuf");
        } else if (isTimeout(cause) || status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            error = new ServiceError(504, Status.Code.DEADLINE_EXCEEDED.value(), "API-DEADLINE",
                    "Errors.DeadlineExceeded", "the call's deadline passed before it was answered");
        } else if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
            return null; // already the contract's error (GrpcErrors), details included, or gRPC's own
        } else if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            error = new ServiceError(429, Status.Code.RESOURCE_EXHAUSTED.value(), "API-BODY-SIZE", invalidKey,
                    status.getDescription() == null ? "the message is too large" : status.getDescription());
        } else if (status.getCode() == Status.Code.CANCELLED || status.getCode() == Status.Code.UNIMPLEMENTED
                || status.getCode() == Status.Code.UNAVAILABLE) {
            return null;
        } else {
            error = ServiceError.from(cause == null ? status.asRuntimeException() : cause, "gRPC " + ctx.path());
        }
        StatusRuntimeException contract = GrpcErrors.of(error);
        if (contract.getTrailers() != null) {
            trailers.merge(contract.getTrailers());
        }
        return contract.getStatus();
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof com.linecorp.armeria.common.TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isMalformed(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof com.google.protobuf.InvalidProtocolBufferException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
