package io.executions.dispatch.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.dispatch.CallContext;
import io.executions.dispatch.ChainFailure;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.Dispatcher;
import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolveQuery;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs executions around a REST host's JSON endpoints (Jakarta Servlet 6, docs/dispatch.md's host hook). The
 * host maps a request to the gRPC full method it stands for ({@code POST /v2/users/human} →
 * {@code /zitadel.user.v2.UserService/AddHumanUser}); request targets run before the servlet (a call target's
 * answer becomes the body the servlet reads), response targets after it (a call target's answer becomes the
 * body the client receives). An interrupted chain answers the failure's HTTP status with the contract's error
 * body {@code {"code", "message", "details": [{"@type": ".../zitadel.v1.ErrorDetail", "id", "message"}]}}.
 *
 * <p>A request that maps to no method, or whose method has no execution, passes through untouched. The
 * servlet API is synchronous, so the request thread waits for the chain; it never waits longer than the
 * chain's bound (the sum of its synchronous targets' timeouts) plus a second.
 */
public final class ExecutionsFilter implements Filter {
    private static final Duration SLACK = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(270 * 100 + 1);

    private final Dispatcher dispatcher;
    private final Function<HttpServletRequest, InstanceId> instances;
    private final Function<HttpServletRequest, String> methods;
    private final Function<HttpServletRequest, CallContext> contexts;
    private final ObjectMapper json;

    /**
     * @param instances which instance a request belongs to (null: none, pass through)
     * @param methods   the full gRPC method a request stands for (null: none, pass through)
     * @param contexts  who calls and the forwarded headers, given the full method; null for a default
     *                  (no caller, the {@code content-type}, {@code x-forwarded-*}, {@code host} and
     *                  {@code origin} headers)
     */
    public ExecutionsFilter(Dispatcher dispatcher, Function<HttpServletRequest, InstanceId> instances,
                            Function<HttpServletRequest, String> methods,
                            Function<HttpServletRequest, CallContext> contexts) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.methods = Objects.requireNonNull(methods, "methods");
        this.contexts = contexts;
        this.json = dispatcher.json();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        InstanceId instance = instances.apply(request);
        String method = instance == null ? null : methods.apply(request);
        if (method == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean onRequest = dispatcher.hasTargets(instance, ResolveQuery.request(method));
        boolean onResponse = dispatcher.hasTargets(instance, ResolveQuery.response(method));
        if (!onRequest && !onResponse) {
            chain.doFilter(request, response);
            return;
        }
        CallContext context = contexts != null ? contexts.apply(request) : defaultContext(request, method);
        byte[] body = request.getInputStream().readAllBytes();
        JsonNode message = parseOrEmpty(body);
        HttpServletRequest forwarded = request;
        if (onRequest) {
            ChainResult result = await(dispatcher.request(instance, context, message));
            if (result.interrupted()) {
                writeFailure(response, result.failure());
                return;
            }
            message = result.message();
            body = json.writeValueAsBytes(message);
        }
        forwarded = new BodyRequest(request, body);
        if (!onResponse) {
            chain.doFilter(forwarded, response);
            return;
        }
        BufferedResponse buffered = new BufferedResponse(response);
        chain.doFilter(forwarded, buffered);
        byte[] answer = buffered.bytes();
        JsonNode answerJson = parseOrNull(answer);
        if (answerJson == null || buffered.getStatus() >= 300) {
            // not a JSON success: nothing a response target could change
            response.getOutputStream().write(answer);
            return;
        }
        ChainResult result = await(dispatcher.response(instance, context, message, answerJson));
        if (result.interrupted()) {
            response.resetBuffer();
            writeFailure(response, result.failure());
            return;
        }
        byte[] out = json.writeValueAsBytes(result.message());
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    private ChainResult await(java.util.concurrent.CompletableFuture<ChainResult> chain) throws ServletException {
        try {
            // the chain completes within its own bound; this wait is only a backstop
            return chain.get(MAX_WAIT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while executions ran", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ServletException("executions could not run", e);
        }
    }

    private void writeFailure(HttpServletResponse response, ChainFailure failure) throws IOException {
        ObjectNode error = json.createObjectNode();
        error.put("code", failure.grpcCode());
        error.put("message", failure.message());
        ObjectNode detail = error.putArray("details").addObject();
        detail.put("@type", "type.googleapis.com/zitadel.v1.ErrorDetail");
        detail.put("id", failure.errorId());
        detail.put("message", failure.messageKey());
        byte[] out = json.writeValueAsBytes(error);
        response.setStatus(failure.httpStatus());
        response.setContentType("application/json");
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    private JsonNode parseOrEmpty(byte[] body) {
        JsonNode parsed = parseOrNull(body);
        return parsed != null ? parsed : json.createObjectNode();
    }

    private JsonNode parseOrNull(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static CallContext defaultContext(HttpServletRequest request, String method) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : List.of("content-type", "x-forwarded-for", "x-forwarded-host", "host", "origin")) {
            List<String> values = Collections.list(request.getHeaders(name));
            if (!values.isEmpty()) {
                headers.put(name, values);
            }
        }
        return new CallContext(method, "", "", "", headers);
    }

    /** The request with its body replaced. */
    private static final class BodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            return "content-length".equalsIgnoreCase(name) ? Integer.toString(body.length) : super.getHeader(name);
        }
    }
}
