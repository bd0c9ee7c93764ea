package io.executions.examples.authserver;

import io.executions.dispatch.ChainFailure;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * An interrupted chain as an OAuth2 error (RFC 6749 section 5.2): the forwarded status keeps its code and message;
 * 401 is {@code invalid_client}, 403 {@code access_denied}, 429 {@code temporarily_unavailable}, any other
 * failure {@code invalid_request}.
 */
final class OAuth2Errors {
    private OAuth2Errors() {
    }

    static OAuth2Error of(ChainFailure failure) {
        String code = switch (failure.httpStatus()) {
            case 401 -> OAuth2ErrorCodes.INVALID_CLIENT;
            case 403 -> OAuth2ErrorCodes.ACCESS_DENIED;
            case 429 -> OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE;
            default -> OAuth2ErrorCodes.INVALID_REQUEST;
        };
        return new OAuth2Error(code, failure.message(), null);
    }
}
