package io.executions.examples.authserver;

import io.executions.dispatch.servlet.BufferedResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.dispatch.CallContext;
import io.executions.dispatch.ChainFailure;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.Dispatcher;
import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolveQuery;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request and response executions around the authorization server's own endpoints. Registered BEFORE Spring
 * Security's filter chain: the OAuth2 endpoints are filters inside that chain that answer and never continue,
 * so a filter after it (or an MVC interceptor) would never see them.
 *
 * <p>The request message is the form parameters as a JSON object (secrets left out: {@code client_secret},
 * {@code password}); a call target's answer replaces the parameters the endpoint reads. The response message is
 * the endpoint's JSON answer; a call target's answer replaces it. An interrupted chain answers the endpoint's
 * OAuth2 error ({@code {"error", "error_description"}}) with the failure's HTTP status. A request of no endpoint,
 * or of an endpoint with no execution, passes untouched (one in-memory lookup each way).
 */
public final class OAuth2ExecutionsFilter extends OncePerRequestFilter {
    /** Never sent to a target, never replaced by one. */
    static final Set<String> SECRET_PARAMETERS = Set.of("client_secret", "password");

    private final Dispatcher dispatcher;
    private final InstanceId instance;
    private final ObjectMapper json;

    public OAuth2ExecutionsFilter(Dispatcher dispatcher, InstanceId instance) {
        this.dispatcher = dispatcher;
        this.instance = instance;
        this.json = dispatcher.json();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = OAuth2Methods.of(request);
        boolean onRequest = method != null && dispatcher.hasTargets(instance, ResolveQuery.request(method));
        boolean onResponse = method != null && dispatcher.hasTargets(instance, ResolveQuery.response(method));
        if (!onRequest && !onResponse) {
            chain.doFilter(request, response);
            return;
        }
        CallContext context = context(request, method);
        ObjectNode message = parameters(request);
        HttpServletRequest forwarded = request;
        if (onRequest) {
            ChainResult result = dispatcher.request(instance, context, message).join();
            if (result.interrupted()) {
                writeError(response, result.failure());
                return;
            }
            if (result.message() instanceof ObjectNode replaced && !replaced.equals(message)) {
                message = replaced;
                forwarded = new ParameterRequest(request, toParameters(replaced));
            }
        }
        if (!onResponse) {
            chain.doFilter(forwarded, response);
            return;
        }
        BufferedResponse buffered = new BufferedResponse(response);
        chain.doFilter(forwarded, buffered);
        byte[] answer = buffered.bytes();
        JsonNode answerJson = buffered.getStatus() < 300 ? parse(answer) : null;
        if (answerJson == null) {
            response.getOutputStream().write(answer);
            return;
        }
        ChainResult result = dispatcher.response(instance, context, message, answerJson).join();
        if (result.interrupted()) {
            response.resetBuffer();
            writeError(response, result.failure());
            return;
        }
        byte[] out = json.writeValueAsBytes(result.message());
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    private CallContext context(HttpServletRequest request, String method) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : List.of("content-type", "x-forwarded-for", "x-forwarded-host", "host", "origin")) {
            List<String> values = Collections.list(request.getHeaders(name));
            if (!values.isEmpty()) {
                headers.put(name, values);
            }
        }
        // the caller is not known yet: this filter runs before client and user authentication
        return new CallContext(method, "", "", "", headers);
    }

    private ObjectNode parameters(HttpServletRequest request) {
        ObjectNode node = json.createObjectNode();
        request.getParameterMap().forEach((name, values) -> {
            if (SECRET_PARAMETERS.contains(name)) {
                return;
            }
            if (values.length == 1) {
                node.put(name, values[0]);
            } else {
                ArrayNode array = node.putArray(name);
                for (String value : values) {
                    array.add(value);
                }
            }
        });
        return node;
    }

    private static Map<String, String[]> toParameters(ObjectNode message) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = message.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (SECRET_PARAMETERS.contains(field.getKey())) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isArray()) {
                String[] values = new String[value.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = value.get(i).asText();
                }
                parameters.put(field.getKey(), values);
            } else if (!value.isNull()) {
                parameters.put(field.getKey(), new String[]{value.asText()});
            }
        }
        return parameters;
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void writeError(HttpServletResponse response, ChainFailure failure) throws IOException {
        OAuth2Error error = OAuth2Errors.of(failure);
        ObjectNode body = json.createObjectNode();
        body.put("error", error.getErrorCode());
        body.put("error_description", error.getDescription());
        byte[] out = json.writeValueAsBytes(body);
        response.setStatus(failure.httpStatus());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    /** The request with the parameters a call target answered (plus the secret ones it never saw). */
    private static final class ParameterRequest extends HttpServletRequestWrapper {
        private final Map<String, String[]> parameters;

        ParameterRequest(HttpServletRequest request, Map<String, String[]> replaced) {
            super(request);
            Map<String, String[]> all = new LinkedHashMap<>(replaced);
            for (String secret : SECRET_PARAMETERS) {
                String[] values = request.getParameterValues(secret);
                if (values != null) {
                    all.put(secret, values);
                }
            }
            this.parameters = Collections.unmodifiableMap(all);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }
    }
}
