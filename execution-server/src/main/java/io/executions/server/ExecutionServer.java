package io.executions.server;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.executions.api.ApiRequest;
import io.executions.api.ApiResponse;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The standalone server: Armeria on one plain-HTTP port speaking HTTP/1.1 and h2c (prior knowledge and
 * upgrade), mounting the REST adapter {@link ExecutionsHttpApi} (every path not claimed by a more specific
 * route), {@code GET /healthz}, and the {@link TransportModule}s (e.g. gRPC) handed to
 * {@link #start(InetSocketAddress, ExecutionsHttpApi, BooleanSupplier, ServerLimits, List)}.
 *
 * <p>Every limit and timeout comes from {@link ServerLimits}, never from Armeria's defaults. Whatever Armeria
 * itself answers (an unknown route, a malformed request line or header, a body over the request length, a
 * request that did not arrive in time) is rendered in the contract's JSON error shape, never HTML, and never as
 * a 5xx: those are the client's faults. The application service runs on the blocking task executor, since
 * commands and some queries wait for the store.
 */
public final class ExecutionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionServer.class);
    private static final String JSON = ApiResponse.CONTENT_TYPE;

    private final Server server;
    private volatile boolean closed;

    private ExecutionServer(Server server) {
        this.server = server;
    }

    /** REST and {@code /healthz} only, with {@link ServerLimits#DEFAULTS} and {@code threads} blocking threads. */
    public static ExecutionServer start(InetSocketAddress address, ExecutionsHttpApi api, BooleanSupplier ready,
                                        int threads) {
        return start(address, api, ready, ServerLimits.DEFAULTS.withBlockingThreads(threads), List.of());
    }

    /**
     * Binds and starts.
     *
     * @param address where to listen; port 0 picks a free port (see {@link #address()})
     * @param api     the REST adapter; its {@link ExecutionsHttpApi#service()} is handed to every module
     * @param ready   whether {@code /healthz} answers 200 (read models caught up)
     * @param modules further transports, mounted in order after REST (see {@link TransportModule})
     * @throws IllegalStateException wrapping e.g. {@link java.net.BindException} when the port is in use
     */
    public static ExecutionServer start(InetSocketAddress address, ExecutionsHttpApi api, BooleanSupplier ready,
                                        ServerLimits limits, List<TransportModule> modules) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(limits, "limits");
        ExecutionServer[] self = new ExecutionServer[1];
        ServerBuilder sb = Server.builder()
                .http(address)
                .maxRequestLength(limits.maxRequestLength())
                .requestTimeout(limits.requestTimeout())
                .idleTimeout(limits.idleTimeout())
                .maxNumConnections(limits.maxConnections())
                .blockingTaskExecutor(limits.blockingThreads())
                .http1MaxHeaderSize(limits.maxHeaderBytes())
                .http2MaxHeaderListSize(limits.maxHeaderBytes())
                .http1MaxInitialLineLength(limits.maxInitialLine())
                .gracefulShutdownTimeout(java.time.Duration.ZERO, limits.shutdownGrace())
                .disableServerHeader()
                .verboseResponses(false)
                .errorHandler(new ContractErrors(api));
        sb.service("/healthz", (ctx, req) -> {
            boolean up = self[0] != null && !self[0].closed && ready.getAsBoolean();
            return json(up ? 200 : 503, ("{\"status\":\"" + (up ? "SERVING" : "NOT_SERVING") + "\"}").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        });
        sb.serviceUnder("/", new RestService(api));
        for (TransportModule module : modules) {
            module.mount(sb, api.service());
        }
        Server server = sb.build();
        self[0] = new ExecutionServer(server);
        try {
            server.start().join();
        } catch (CompletionException e) {
            server.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (!(cause instanceof java.net.BindException) && String.valueOf(cause.getMessage())
                    .contains("Address already in use")) {
                // Netty's native transport reports it as its own IOException; callers look for BindException
                java.net.BindException bind = new java.net.BindException("Address already in use");
                bind.initCause(cause);
                cause = bind;
            }
            throw new IllegalStateException("cannot listen on " + address + ": " + cause.getMessage(), cause);
        }
        return self[0];
    }

    public InetSocketAddress address() {
        return server.activeLocalPort() == 0 ? null
                : new InetSocketAddress(server.activePort().localAddress().getAddress(), server.activeLocalPort());
    }

    /** Stops accepting, lets running requests finish (up to {@link ServerLimits#shutdownGrace()}). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop().join();
    }

    /** Armeria reports a body over the request length either way, depending on where it notices. */
    private static boolean isTooLarge(Throwable cause) {
        return cause instanceof ContentTooLargeException
                || cause instanceof HttpStatusException status && status.httpStatus().code() == 413;
    }

    /** The raw (still percent-encoded) path as the client sent it, without the query string. */
    private static boolean isUri(String path) {
        try {
            new java.net.URI(path);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String withoutQuery(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    private static HttpResponse json(int status, byte[] body) {
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.valueOf(status), HttpHeaderNames.CONTENT_TYPE, JSON),
                HttpData.wrap(body));
    }

    private static AggregatedHttpResponse aggregatedJson(int status, byte[] body) {
        return AggregatedHttpResponse.of(
                ResponseHeaders.of(HttpStatus.valueOf(status), HttpHeaderNames.CONTENT_TYPE, JSON),
                HttpData.wrap(body));
    }

    /** The REST adapter as an Armeria service: aggregate the body, answer on the blocking executor. */
    private static final class RestService implements HttpService {
        private final ExecutionsHttpApi api;
        /** What the adapter sees of a body over the request length: just enough to know it is too large. */
        private final byte[] tooLarge = new byte[ExecutionsHttpApi.MAX_BODY_BYTES + 1];

        RestService(ExecutionsHttpApi api) {
            this.api = api;
        }

        @Override
        public HttpResponse serve(ServiceRequestContext ctx, com.linecorp.armeria.common.HttpRequest req) {
            String method = req.method().name();
            // the path as the client sent it (Armeria's routing path drops ';' matrix variables): the REST
            // router decodes and matches it itself, so such a path stays 404 as it always was
            String path = withoutQuery(ctx.rawPath());
            if (!isUri(path)) {
                // raw bytes that make no URI (not UTF-8, control characters): no endpoint has such a path,
                // and the REST router must not see it decoded into one that has
                ApiResponse refused = api.error(ExecutionsHttpApi.notFound(
                        "no endpoint at this path: it is not a valid request path"));
                return json(refused.status(), refused.body());
            }
            String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            String ifMatch = req.headers().get(HttpHeaderNames.IF_MATCH); // docs/safe-change.md: applying a plan
            CompletableFuture<byte[]> body = req.aggregate().handle((aggregated, failure) -> {
                if (failure == null) {
                    return aggregated.content().array();
                }
                Throwable cause = Exceptions.peel(failure);
                if (isTooLarge(cause)) {
                    // rules 1 to 3 still come first, so the adapter sees "too large", not a cut-off body
                    return tooLarge;
                }
                throw new CompletionException(cause);
            });
            return HttpResponse.of(body.thenApplyAsync(bytes -> {
                ApiResponse answer = api.handle(new ApiRequest(method, path, authorization, bytes, ifMatch));
                return json(answer.status(), answer.body());
            }, ctx.blockingTaskExecutor()));
        }
    }

    /** Armeria's own answers in the contract's error shape. */
    private static final class ContractErrors implements ServerErrorHandler {
        private final ExecutionsHttpApi api;

        ContractErrors(ExecutionsHttpApi api) {
            this.api = api;
        }

        @Override
        public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
            return toHttp(api.error(errorFor(ctx.method().name(), ctx.path(), null, cause)));
        }

        @Override
        public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers,
                                                          HttpStatus status, String description, Throwable cause) {
            return toAggregated(api.error(violation(headers, status, description, cause)));
        }

        @Override
        public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
                                                   RequestHeaders headers, HttpStatus status, String description,
                                                   Throwable cause) {
            return toAggregated(api.error(violation(headers, status, description, cause)));
        }

        private ServiceError violation(RequestHeaders headers, HttpStatus status, String description,
                                       Throwable cause) {
            String method = headers == null ? "?" : headers.method().name();
            String rawPath = headers == null ? "?" : withoutQuery(headers.path());
            if (cause != null && !(status.code() == 404 || status.code() == 405)) {
                return errorFor(method, rawPath, status, cause);
            }
            if (status.code() == 400 && "Invalid request path".equals(description)) {
                // Armeria refuses a path with malformed percent-encoding, an encoded NUL or a dot segment before
                // routing; such a path names no endpoint, as the REST adapter answers a path it cannot decode
                return ExecutionsHttpApi.notFound("no endpoint at this path: it is not a valid request path "
                        + "(malformed percent-encoding, an encoded control character or a dot segment)");
            }
            return switch (status.code()) {
                case 404 -> ExecutionsHttpApi.notFound("no endpoint at " + rawPath);
                case 405 -> ExecutionsHttpApi.methodNotAllowed(method + " is not allowed on " + rawPath);
                case 408 -> timeout();
                case 413 -> tooLarge();
                default -> badRequest(status, description);
            };
        }

        private ServiceError errorFor(String method, String path, HttpStatus status, Throwable failure) {
            Throwable cause = Exceptions.peel(failure);
            if (cause instanceof ServiceError error) {
                return error;
            }
            if (cause instanceof RequestTimeoutException) {
                return timeout();
            }
            if (isTooLarge(cause)) {
                return tooLarge();
            }
            if (cause instanceof HttpStatusException refused && refused.httpStatus().isClientError()) {
                return badRequest(refused.httpStatus(), null);
            }
            if (status != null && status.isClientError()) {
                return badRequest(status, cause.getMessage());
            }
            return ServiceError.from(cause, method + " " + path);
        }

        private static ServiceError timeout() {
            return new ServiceError(408, 4 /* DEADLINE_EXCEEDED */, "API-TIMEOUT", "Errors.Request.Timeout",
                    "the request did not arrive completely within the server's request timeout");
        }

        private static ServiceError tooLarge() {
            return new ServiceError(413, ErrorCode.INVALID_ARGUMENT.grpc(), "API-BODY-SIZE",
                    MessageKeys.QUERY_INVALID, "the body is larger than " + ExecutionsHttpApi.MAX_BODY_BYTES
                    + " bytes");
        }

        private static ServiceError badRequest(HttpStatus status, String description) {
            int code = status.isClientError() ? status.code() : 400;
            return new ServiceError(code, ErrorCode.INVALID_ARGUMENT.grpc(), "API-HTTP", "Errors.Request.Invalid",
                    "the request is not valid HTTP: " + (description == null ? status.reasonPhrase() : description));
        }

        private static HttpResponse toHttp(ApiResponse response) {
            return json(response.status(), response.body());
        }

        private static AggregatedHttpResponse toAggregated(ApiResponse response) {
            return aggregatedJson(response.status(), response.body());
        }
    }
}
