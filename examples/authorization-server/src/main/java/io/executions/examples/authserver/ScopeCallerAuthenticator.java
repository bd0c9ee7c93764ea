package io.executions.examples.authserver;

import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.Permissions;
import io.executions.domain.api.InstanceId;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who calls the admin API, as the host's security establishes it. On REST, Spring Security has already
 * authenticated the request: its authentication's name is the acting user, and each authority
 * {@code SCOPE_<permission>} (a JWT scope) or {@code <permission>} naming one of the API's permissions grants it.
 * On gRPC (its own port, outside the servlet chain) the bearer token is verified here with the server's own
 * {@link JwtDecoder}, with the same mapping of its {@code scope} claim. Nothing else grants anything.
 */
public final class ScopeCallerAuthenticator implements CallerAuthenticator {
    private final InstanceId instance;
    private final JwtDecoder jwts;

    public ScopeCallerAuthenticator(InstanceId instance, JwtDecoder jwts) {
        this.instance = instance;
        this.jwts = jwts;
    }

    @Override
    public Optional<Caller> authenticate(String authorizationHeader) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()) {
            List<String> authorities = new ArrayList<>();
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                authorities.add(authority.getAuthority());
            }
            return Optional.of(new Caller(instance, authentication.getName(), permissions(authorities)));
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            Jwt jwt = jwts.decode(authorizationHeader.substring(7).trim());
            List<String> scopes = jwt.getClaimAsStringList("scope");
            List<String> authorities = new ArrayList<>();
            if (scopes != null) {
                scopes.forEach(scope -> authorities.add("SCOPE_" + scope));
            }
            return Optional.of(new Caller(instance, jwt.getSubject(), permissions(authorities)));
        } catch (JwtException e) {
            return Optional.empty();
        }
    }

    private static Set<String> permissions(List<String> authorities) {
        Set<String> permissions = new HashSet<>();
        for (String name : authorities) {
            if (name == null) {
                continue;
            }
            String permission = name.startsWith("SCOPE_") ? name.substring("SCOPE_".length()) : name;
            if (Permissions.ALL.contains(permission)) {
                permissions.add(permission);
            }
        }
        return permissions;
    }
}
