package io.executions.examples.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.FunctionResult;
import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolveQuery;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * ZITADEL's functions on this host: {@code preaccesstoken} runs while an access token (a JWT) is made,
 * {@code preuserinfo} while an ID token is made and when {@code /userinfo} answers. The call targets'
 * {@code append_claims} are added to the token or answer; a claim already there is never replaced (as in
 * ZITADEL: an action cannot change {@code sub}, {@code aud}, ...). A target with {@code interruptOnError} that
 * fails stops the token with the OAuth2 error of its failure. With no execution set nothing is called and
 * nothing changes.
 */
public final class FunctionHooks {
    public static final String PRE_ACCESS_TOKEN = "preaccesstoken";
    public static final String PRE_USERINFO = "preuserinfo";

    private final Dispatcher dispatcher;
    private final InstanceId instance;
    private final ObjectMapper json;

    public FunctionHooks(Dispatcher dispatcher, InstanceId instance) {
        this.dispatcher = dispatcher;
        this.instance = instance;
        this.json = dispatcher.json();
    }

    /** The token customizer Spring Authorization Server calls for every JWT it issues. */
    public OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer() {
        return context -> {
            String function;
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                function = PRE_ACCESS_TOKEN;
            } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                function = PRE_USERINFO;
            } else {
                return;
            }
            if (!dispatcher.hasTargets(instance, ResolveQuery.function(function))) {
                return;
            }
            Map<String, Object> current = new LinkedHashMap<>();
            context.getClaims().claims(current::putAll);
            ObjectNode payload = payload(context.getPrincipal(), context.getRegisteredClient().getClientId(),
                    context.getAuthorizationGrantType().getValue(), context.getTokenType().getValue(), current);
            payload.set("scopes", json.valueToTree(context.getAuthorizedScopes()));
            apply(function, payload, current, (key, value) -> context.getClaims().claim(key, value));
        };
    }

    /** The userinfo answer: {@code sub}, then the {@code preuserinfo} targets' claims. */
    public Function<OidcUserInfoAuthenticationContext, OidcUserInfo> userInfoMapper() {
        return context -> {
            OAuth2Authorization authorization = context.getAuthorization();
            OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("sub", idToken != null ? idToken.getToken().getSubject() : authorization.getPrincipalName());
            if (dispatcher.hasTargets(instance, ResolveQuery.function(PRE_USERINFO))) {
                ObjectNode payload = payload(null, authorization.getRegisteredClientId(),
                        authorization.getAuthorizationGrantType().getValue(), "userinfo", claims);
                ((ObjectNode) payload.get("user")).put("id", authorization.getPrincipalName());
                payload.set("scopes", json.valueToTree(authorization.getAuthorizedScopes()));
                apply(PRE_USERINFO, payload, claims, (key, value) -> { });
            }
            return new OidcUserInfo(claims);
        };
    }

    private ObjectNode payload(Authentication principal, String clientId, String grantType, String tokenType,
                               Map<String, Object> claims) {
        ObjectNode payload = json.createObjectNode();
        ObjectNode user = payload.putObject("user");
        if (principal != null) {
            user.put("id", principal.getName());
        }
        payload.put("client_id", clientId);
        payload.put("grant_type", grantType);
        payload.put("token_type", tokenType);
        payload.set("claims", claimsJson(claims));
        return payload;
    }

    /** Claims as JWT JSON: times as seconds since the epoch (as in the token), URLs and other values as text. */
    private JsonNode claimsJson(Map<String, Object> claims) {
        ObjectNode node = json.createObjectNode();
        claims.forEach((name, value) -> node.set(name, claimJson(value)));
        return node;
    }

    private JsonNode claimJson(Object value) {
        if (value instanceof java.time.Instant instant) {
            return json.getNodeFactory().numberNode(instant.getEpochSecond());
        }
        if (value instanceof java.util.Collection<?> values) {
            com.fasterxml.jackson.databind.node.ArrayNode array = json.createArrayNode();
            values.forEach(v -> array.add(claimJson(v)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = json.createObjectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), claimJson(v)));
            return node;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return json.valueToTree(value);
        }
        return value == null ? json.getNodeFactory().nullNode() : json.getNodeFactory().textNode(value.toString());
    }

    private void apply(String function, ObjectNode payload, Map<String, Object> existing,
                       BiConsumer<String, Object> add) {
        FunctionResult result = dispatcher.invokeFunction(instance, function, payload).join();
        if (result.interrupted()) {
            throw new OAuth2AuthenticationException(OAuth2Errors.of(result.failure()));
        }
        for (JsonNode claim : result.appendClaims()) {
            String key = claim.path("key").asText("");
            if (key.isEmpty() || existing.containsKey(key)) {
                continue;
            }
            Object value = json.convertValue(claim.get("value"), Object.class);
            if (value != null) {
                existing.put(key, value);
                add.accept(key, value);
            }
        }
    }
}
