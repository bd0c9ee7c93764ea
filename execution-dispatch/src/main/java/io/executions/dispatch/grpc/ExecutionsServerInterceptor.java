package io.executions.dispatch.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.executions.dispatch.CallContext;
import io.executions.dispatch.ChainFailure;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.MessageParser;
import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolveQuery;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Runs executions around a gRPC host's unary calls (docs/dispatch.md's host hook): the request targets before
 * the handler (a call target's answer is parsed into the request's proto type with protobuf's
 * {@code JsonFormat} and the handler receives it), the response targets after it (the answer replaces the
 * response the client receives). An interrupted chain fails the call with its status, its readable message
 * and {@code grpc-status-details-bin} holding a {@code google.rpc.Status} whose details carry one
 * {@code zitadel.v1.ErrorDetail {id, message}}.
 *
 * <p>A call with no execution (and every streaming call, and a call whose messages are not protobuf
 * {@code Message}s) goes straight to the next handler: two resolutions from the in-memory routing model,
 * nothing wrapped. Nothing blocks a thread: the chain completes on the dispatcher's event loops and the
 * buffered request is then handed to the handler; listener callbacks stay serialized.
 */
public final class ExecutionsServerInterceptor implements ServerInterceptor {
    /** The headers ZITADEL forwards to targets (a pseudo-header {@code :authority} is sent as {@code host}). */
    public static final List<String> FORWARDED_HEADERS =
            List.of("content-type", "x-forwarded-for", "x-forwarded-host", "host", "origin");
    private static final Metadata.Key<String> AUTHORITY = Metadata.Key.of("host", Metadata.ASCII_STRING_MARSHALLER);

    private final Dispatcher dispatcher;
    private final Function<Metadata, InstanceId> instances;
    private final Function<Metadata, Caller> callers;
    private final Executor handlers;
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
    private final JsonFormat.Parser parser = JsonFormat.parser();

    /** Who calls, for the payload's {@code orgID}, {@code projectID} and {@code userID}. */
    public record Caller(String orgId, String projectId, String userId) {
        public static final Caller NONE = new Caller("", "", "");
    }

    /**
     * @param instances which instance a call belongs to (from its metadata, e.g. the host's tenant header);
     *                  null means the call belongs to none and is passed through
     * @param callers   who calls (from the host's authentication); may be null
     */
    public ExecutionsServerInterceptor(Dispatcher dispatcher, Function<Metadata, InstanceId> instances,
                                       Function<Metadata, Caller> callers) {
        this(dispatcher, instances, callers, ForkJoinPool.commonPool());
    }

    /**
     * @param handlers where the handler runs once the request targets have answered (their answers arrive on
     *                 the dispatcher's event loops, which must never run a host's handler); default the common
     *                 pool. Pass the gRPC server's executor to keep handlers on it.
     */
    public ExecutionsServerInterceptor(Dispatcher dispatcher, Function<Metadata, InstanceId> instances,
                                       Function<Metadata, Caller> callers, Executor handlers) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.callers = callers == null ? headers -> Caller.NONE : callers;
        this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        InstanceId instance = instances.apply(headers);
        if (instance == null) {
            return next.startCall(call, headers);
        }
        // the queries of a method are made once: a call with no execution allocates nothing here
        MethodQueries queries = methodQueries.get(method);
        if (queries == null) {
            queries = methodQueries.computeIfAbsent(method, MethodQueries::of);
        }
        String fullMethod = queries.fullMethod;
        boolean onRequest = dispatcher.hasTargets(instance, queries.request);
        boolean onResponse = dispatcher.hasTargets(instance, queries.response);
        if (!onRequest && !onResponse) {
            return next.startCall(call, headers);
        }
        Caller caller = callers.apply(headers);
        CallContext context = new CallContext(fullMethod, caller.orgId(), caller.projectId(), caller.userId(),
                forwarded(headers));
        ExecutionCall<Q, R> wrapped = new ExecutionCall<>(call, instance, context, onResponse);
        ServerCall.Listener<Q> delegate = next.startCall(wrapped, headers);
        return new ExecutionListener<>(delegate, wrapped, instance, context, onRequest);
    }

    /** A method's full name and its two resolution queries, per method descriptor (the server has few). */
    private final java.util.concurrent.ConcurrentHashMap<MethodDescriptor<?, ?>, MethodQueries> methodQueries =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record MethodQueries(String fullMethod, ResolveQuery request, ResolveQuery response) {
        static MethodQueries of(MethodDescriptor<?, ?> method) {
            String fullMethod = "/" + method.getFullMethodName();
            return new MethodQueries(fullMethod, ResolveQuery.request(fullMethod), ResolveQuery.response(fullMethod));
        }
    }

    private static Map<String, List<String>> forwarded(Metadata headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String name : FORWARDED_HEADERS) {
            Iterable<String> values = headers.getAll(name.equals("host") ? AUTHORITY
                    : Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
            if (values != null) {
                List<String> list = new ArrayList<>();
                values.forEach(list::add);
                result.put(name, list);
            }
        }
        return result;
    }

    private JsonNode toJson(Object message) {
        try {
            return dispatcher.json().readTree(printer.print((Message) message));
        } catch (Exception e) {
            throw new IllegalStateException("a proto message always prints as JSON", e);
        }
    }

    /** Parses an answer into the proto type of {@code prototype}; the JSON of the parsed message is kept. */
    private MessageParser protoParser(Message prototype) {
        return answer -> {
            Message.Builder builder = prototype.newBuilderForType();
            parser.merge(dispatcher.json().writeValueAsString(answer), builder);
            return dispatcher.json().readTree(printer.print(builder.build()));
        };
    }

    @SuppressWarnings("unchecked")
    private <T> T fromJson(JsonNode json, T prototype) throws InvalidProtocolBufferException {
        Message.Builder builder = ((Message) prototype).newBuilderForType();
        try {
            parser.merge(dispatcher.json().writeValueAsString(json), builder);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
        return (T) builder.build();
    }

    /** The failure of an interrupted chain as a gRPC status with the ErrorDetail in its details. */
    public static StatusRuntimeException statusOf(ChainFailure failure) {
        ByteString detail = errorDetail(failure.errorId(), failure.messageKey());
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(failure.grpcCode())
                .setMessage(failure.message())
                .addDetails(Any.newBuilder().setTypeUrl("type.googleapis.com/zitadel.v1.ErrorDetail").setValue(detail))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** {@code zitadel.v1.ErrorDetail {string id = 1; string message = 2;}} in the protobuf wire format. */
    static ByteString errorDetail(String id, String message) {
        try {
            ByteString.Output out = ByteString.newOutput();
            com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out);
            coded.writeString(1, id);
            coded.writeString(2, message);
            coded.flush();
            return out.toByteString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusRuntimeException internal(Throwable e) {
        return Status.INTERNAL.withDescription("executions could not run: " + e.getClass().getSimpleName())
                .asRuntimeException();
    }

    /** Holds the handler's answer back until the response targets have run. */
    private final class ExecutionCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        final InstanceId instance;
        final CallContext context;
        final boolean onResponse;
        volatile JsonNode requestJson;
        R response;

        ExecutionCall(ServerCall<Q, R> delegate, InstanceId instance, CallContext context, boolean onResponse) {
            super(delegate);
            this.instance = instance;
            this.context = context;
            this.onResponse = onResponse;
        }

        @Override
        public void sendMessage(R message) {
            if (onResponse && message instanceof Message) {
                response = message;
            } else {
                super.sendMessage(message);
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!status.isOk() || response == null) {
                super.close(status, trailers);
                return;
            }
            R held = response;
            JsonNode request = requestJson != null ? requestJson : dispatcher.json().createObjectNode();
            CompletableFuture<ChainResult> chain;
            try {
                chain = dispatcher.response(instance, context, request, toJson(held), protoParser((Message) held));
            } catch (RuntimeException e) {
                closeWith(internal(e));
                return;
            }
            chain.whenComplete((result, error) -> {
                if (error != null) {
                    closeWith(internal(error));
                } else if (result.interrupted()) {
                    closeWith(statusOf(result.failure()));
                } else {
                    try {
                        super.sendMessage(fromJson(result.message(), held));
                        super.close(status, trailers);
                    } catch (InvalidProtocolBufferException e) {
                        closeWith(internal(e));
                    }
                }
            });
        }

        private void closeWith(StatusRuntimeException e) {
            Metadata trailers = e.getTrailers() != null ? e.getTrailers() : new Metadata();
            super.close(e.getStatus(), trailers);
        }
    }

    /**
     * Buffers the request until its targets have run, then hands the (possibly rewritten) message and the
     * half-close to the handler. Every call into the handler's listener holds this listener's lock, so the
     * handler never sees two callbacks at once, even when the chain completes on another thread.
     */
    private final class ExecutionListener<Q, R> extends ServerCall.Listener<Q> {
        private final ServerCall.Listener<Q> delegate;
        private final ExecutionCall<Q, R> call;
        private final InstanceId instance;
        private final CallContext context;
        private final boolean onRequest;
        private final Object lock = new Object();
        private final Context grpcContext = Context.current();
        private Q request;
        private boolean released;
        private boolean cancelled;

        ExecutionListener(ServerCall.Listener<Q> delegate, ExecutionCall<Q, R> call, InstanceId instance,
                          CallContext context, boolean onRequest) {
            this.delegate = delegate;
            this.call = call;
            this.instance = instance;
            this.context = context;
            this.onRequest = onRequest;
        }

        @Override
        public void onMessage(Q message) {
            synchronized (lock) {
                request = message;
            }
        }

        @Override
        public void onHalfClose() {
            Q held;
            synchronized (lock) {
                held = request;
            }
            if (!(held instanceof Message)) {
                release(held);
                return;
            }
            JsonNode json = toJson(held);
            call.requestJson = json;
            if (!onRequest) {
                release(held);
                return;
            }
            CompletableFuture<ChainResult> chain;
            try {
                chain = dispatcher.request(instance, context, json, protoParser((Message) held));
            } catch (RuntimeException e) {
                call.closeWith(internal(e));
                return;
            }
            chain.whenComplete((result, error) -> {
                if (error != null) {
                    call.closeWith(internal(error));
                } else if (result.interrupted()) {
                    call.closeWith(statusOf(result.failure()));
                } else {
                    Q rewritten;
                    try {
                        call.requestJson = result.message();
                        rewritten = fromJson(result.message(), held);
                    } catch (InvalidProtocolBufferException e) {
                        call.closeWith(internal(e));
                        return;
                    }
                    // back to a handler thread, inside the call's gRPC context (deadline, cancellation)
                    handlers.execute(grpcContext.wrap(() -> release(rewritten)));
                }
            });
        }

        private void release(Q message) {
            synchronized (lock) {
                if (cancelled) {
                    return;
                }
                released = true;
                if (message != null) {
                    delegate.onMessage(message);
                }
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            synchronized (lock) {
                cancelled = true;
                if (released) {
                    delegate.onCancel();
                }
            }
        }

        @Override
        public void onComplete() {
            synchronized (lock) {
                if (released) {
                    delegate.onComplete();
                }
            }
        }

        @Override
        public void onReady() {
            synchronized (lock) {
                delegate.onReady();
            }
        }
    }
}
