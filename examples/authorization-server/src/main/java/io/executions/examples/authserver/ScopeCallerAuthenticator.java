package io.executions.examples.authserver;

import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.Permissions;
import io.executions.domain.api.InstanceId;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who calls the admin API, as the host's security established it (the request thread's authentication, not the
 * raw header): the authentication's name is the acting user; each authority {@code SCOPE_<permission>} (a JWT
 * scope) or {@code <permission>} naming one of the API's permissions grants it. Nothing else grants anything.
 */
public final class ScopeCallerAuthenticator implements CallerAuthenticator {
    private final InstanceId instance;

    public ScopeCallerAuthenticator(InstanceId instance) {
        this.instance = instance;
    }

    @Override
    public Optional<Caller> authenticate(String authorizationHeader) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Set<String> permissions = new HashSet<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name == null) {
                continue;
            }
            String permission = name.startsWith("SCOPE_") ? name.substring("SCOPE_".length()) : name;
            if (Permissions.ALL.contains(permission)) {
                permissions.add(permission);
            }
        }
        return Optional.of(new Caller(instance, authentication.getName(), permissions));
    }
}
