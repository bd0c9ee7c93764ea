package io.executions.examples.authserver;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The method names this host declares in its catalog for its OAuth2/OIDC endpoints (the full gRPC-style names
 * request/response executions are set on), and which request stands for which.
 */
public final class OAuth2Methods {
    public static final String OAUTH2_SERVICE = "spring.authorization.v1.OAuth2Service";
    public static final String OIDC_SERVICE = "spring.authorization.v1.OidcService";
    public static final String TOKEN = "/" + OAUTH2_SERVICE + "/Token";
    public static final String AUTHORIZE = "/" + OAUTH2_SERVICE + "/Authorize";
    public static final String INTROSPECT = "/" + OAUTH2_SERVICE + "/Introspect";
    public static final String REVOKE = "/" + OAUTH2_SERVICE + "/Revoke";
    public static final String USER_INFO = "/" + OIDC_SERVICE + "/UserInfo";

    private OAuth2Methods() {
    }

    /** The method a request stands for, null for every other request (they pass untouched). */
    public static String of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        boolean post = "POST".equals(method);
        return switch (path) {
            case "/oauth2/token" -> post ? TOKEN : null;
            case "/oauth2/authorize" -> post || "GET".equals(method) ? AUTHORIZE : null;
            case "/oauth2/introspect" -> post ? INTROSPECT : null;
            case "/oauth2/revoke" -> post ? REVOKE : null;
            case "/userinfo" -> post || "GET".equals(method) ? USER_INFO : null;
            default -> null;
        };
    }
}
