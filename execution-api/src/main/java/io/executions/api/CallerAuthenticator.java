package io.executions.api;

import java.util.Optional;

/**
 * The one seam through which the host tells the facade who is calling. The host owns tokens, sessions
 * and their verification; the facade only asks.
 */
@FunctionalInterface
public interface CallerAuthenticator {
    /**
     * @param authorizationHeader the raw {@code Authorization} header, or null when the request had none
     * @return the caller, or empty when the header does not authenticate anyone (answered 401)
     */
    Optional<Caller> authenticate(String authorizationHeader);
}
