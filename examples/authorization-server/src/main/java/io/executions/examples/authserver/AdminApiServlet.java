package io.executions.examples.authserver;

import io.executions.api.ApiRequest;
import io.executions.api.ApiResponse;
import io.executions.api.ExecutionsHttpApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * The executions admin REST API ({@code /v2beta/actions/...}, docs/contract.md) as a plain servlet behind the
 * host's security chain: Spring Security authenticates the bearer token first, then
 * {@link ScopeCallerAuthenticator} maps the caller's authorities to the API's permissions.
 */
public final class AdminApiServlet extends HttpServlet {
    private final ExecutionsHttpApi api;

    public AdminApiServlet(ExecutionsHttpApi api) {
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            // one byte more than the limit is enough for the API to answer 413
            body = in.readNBytes(ExecutionsHttpApi.MAX_BODY_BYTES + 1);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        ApiResponse answer = api.handle(new ApiRequest(request.getMethod(), path,
                request.getHeader("Authorization"), body, request.getHeader("If-Match")));
        response.setStatus(answer.status());
        response.setContentType(ApiResponse.CONTENT_TYPE);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
