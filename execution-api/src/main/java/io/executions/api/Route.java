package io.executions.api;

import io.executions.domain.api.MessageKeys;

/**
 * The endpoints of the contract, each with the permission it needs (null: a valid token is enough) and the
 * message key a malformed body is answered with.
 */
enum Route {
    SET_EXECUTION("PUT", Permissions.EXECUTION_WRITE, MessageKeys.EXECUTION_INVALID),
    LIST_EXECUTIONS("POST", Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    RESOLVE("POST", Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    HISTORY("POST", Permissions.EXECUTION_READ, MessageKeys.QUERY_INVALID),
    LIST_FUNCTIONS("GET", null, MessageKeys.QUERY_INVALID),
    LIST_METHODS("GET", null, MessageKeys.QUERY_INVALID),
    LIST_SERVICES("GET", null, MessageKeys.QUERY_INVALID),
    CREATE_TARGET("POST", Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    SEARCH_TARGETS("POST", Permissions.TARGET_READ, MessageKeys.QUERY_INVALID),
    UPDATE_TARGET("POST", Permissions.TARGET_WRITE, MessageKeys.TARGET_INVALID),
    GET_TARGET("GET", Permissions.TARGET_READ, MessageKeys.TARGET_INVALID),
    DELETE_TARGET("DELETE", Permissions.TARGET_DELETE, MessageKeys.TARGET_INVALID);

    final String method;
    final String permission;
    final String invalidKey;

    Route(String method, String permission, String invalidKey) {
        this.method = method;
        this.permission = permission;
        this.invalidKey = invalidKey;
    }

    /** Every route lives under {@code /v2beta/actions}, so every route needs the {@code actions} feature. */
    boolean needsActionsFeature() {
        return true;
    }

    boolean readsBody() {
        return !"GET".equals(method) && !"DELETE".equals(method);
    }
}
