package io.executions.domain.api;

/** The message keys of the contract (docs/contract.md ("Checks of a call") and its error paragraph). */
public final class MessageKeys {
    public static final String TOKEN_INVALID = "Errors.Token.Invalid";
    public static final String PERMISSION_DENIED = "Errors.Permission.Denied";
    public static final String ACTION_NOT_ENABLED = "Errors.Action.NotEnabled";
    public static final String EXECUTION_INVALID = "Errors.Execution.Invalid";
    public static final String CONDITION_INVALID = "Errors.Execution.ConditionInvalid";
    public static final String TARGET_NOT_FOUND = "Errors.Target.NotFound";
    public static final String INCLUDE_NOT_FOUND = "Errors.Execution.IncludeNotFound";
    public static final String CIRCULAR_INCLUDE = "Errors.Execution.CircularInclude";
    public static final String MAX_LEVELS_INCLUDE = "Errors.Execution.MaxLevelsInclude";
    public static final String STILL_INCLUDED = "Errors.Execution.StillIncluded";
    public static final String TARGET_INVALID = "Errors.Target.Invalid";
    public static final String TARGET_ALREADY_EXISTS = "Errors.Target.AlreadyExists";
    public static final String TARGET_DENIED_URL = "Errors.Target.DeniedURL";
    public static final String QUERY_INVALID = "Errors.Query.Invalid";
    public static final String INTERNAL = "Errors.Internal";

    private MessageKeys() {
    }
}
