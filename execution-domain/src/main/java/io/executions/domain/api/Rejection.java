package io.executions.domain.api;

/**
 * A command refused by a rule of the contract. Carries the gRPC code, a stable error id and the message
 * key of docs/contract.md ("Checks of a call")'s table; the transport maps the code to its HTTP status.
 */
public class Rejection extends RuntimeException {
    private final ErrorCode code;
    private final String errorId;
    private final String messageKey;

    public Rejection(ErrorCode code, String errorId, String messageKey, String message) {
        super(message);
        this.code = code;
        this.errorId = errorId;
        this.messageKey = messageKey;
    }

    public ErrorCode code() {
        return code;
    }

    public String errorId() {
        return errorId;
    }

    public String messageKey() {
        return messageKey;
    }

    @Override
    public String toString() {
        return "Rejection[" + code + " " + errorId + " " + messageKey + ": " + getMessage() + "]";
    }
}
