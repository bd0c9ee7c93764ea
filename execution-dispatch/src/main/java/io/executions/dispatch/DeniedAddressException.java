package io.executions.dispatch;

import java.net.UnknownHostException;

/** The lookup answered an address in the deny list; the connection is never opened. */
final class DeniedAddressException extends UnknownHostException {
    DeniedAddressException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, not a bug: no stack trace to build
    }
}
