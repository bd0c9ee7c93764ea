package io.executions.api.service;

import io.executions.api.Permissions;
import io.executions.domain.api.MessageKeys;

/**
 * The operations of the application service, each with the permission it needs (rule 2; null: a valid token is
 * enough) and the message key a malformed request of it is answered with (rule 4). Permissions belong to the
 * operation, not to a transport's verb: REST, gRPC and the CLI name the same operation and get the same check.
 * See docs/contract.md.
 */
public enum Operation {
    SET_EXECUTION(Permissions.EXECUTION_WRITE, MessageKeys.EXECUTION_INVALID),
    LIST_EXECUTIONS(Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    RESOLVE(Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    HISTORY(Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    LIST_FUNCTIONS(null, MessageKeys.QUERY_INVALID),
    LIST_METHODS(null, MessageKeys.QUERY_INVALID),
    LIST_SERVICES(null, MessageKeys.QUERY_INVALID),
    CREATE_TARGET(Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    SEARCH_TARGETS(Permissions.TARGET_READ, MessageKeys.QUERY_INVALID),
    UPDATE_TARGET(Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    GET_TARGET(Permissions.TARGET_READ, MessageKeys.TARGET_INVALID),
    DELETE_TARGET(Permissions.TARGET_DELETE, MessageKeys.TARGET_INVALID),
    /** docs/dispatch.md's test invocation: runs a chain for real, so it needs the write permission. */
    INVOKE(Permissions.EXECUTION_WRITE, MessageKeys.QUERY_INVALID),
    // docs/safe-change.md, safe change; a plan needs only read (a caller without write sees rule 2 inside it)
    PLAN_EXECUTION(Permissions.EXECUTION_READ, MessageKeys.EXECUTION_INVALID),
    DIFF_EXECUTIONS(Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    REVERT_EXECUTIONS(Permissions.EXECUTION_WRITE, MessageKeys.EXECUTION_INVALID),
    LINT_EXECUTIONS(Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    /** docs/delivery.md: a malformed event is {@code Errors.Event.Invalid}. */
    PUBLISH_EVENT(Permissions.EVENT_WRITE, "Errors.Event.Invalid"),
    SEARCH_DELIVERIES(Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    RETRY_DELIVERY(Permissions.EXECUTION_WRITE, MessageKeys.QUERY_INVALID),
    // docs/dispatch.md, JWE: a target's public keys (v2's AddPublicKey ... ListPublicKeys, ZITADEL's permissions)
    ADD_PUBLIC_KEY(Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    ACTIVATE_PUBLIC_KEY(Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    DEACTIVATE_PUBLIC_KEY(Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    REMOVE_PUBLIC_KEY(Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    LIST_PUBLIC_KEYS(Permissions.TARGET_READ, MessageKeys.QUERY_INVALID);

    private final String permission;
    private final String invalidKey;

    Operation(String permission, String invalidKey) {
        this.permission = permission;
        this.invalidKey = invalidKey;
    }

    /** The permission the caller needs in its instance, or null when any authenticated caller may call. */
    public String permission() {
        return permission;
    }

    /** The message key of a rule-4 (shape) error of this operation. */
    public String invalidKey() {
        return invalidKey;
    }
}
