package io.executions.api;

import java.util.Set;

/** The permissions the endpoints require (docs/contract.md). */
public final class Permissions {
    public static final String EXECUTION_WRITE = "action.execution.write";
    public static final String EXECUTION_READ = "action.execution.read";
    public static final String TARGET_WRITE = "action.target.write";
    public static final String TARGET_READ = "action.target.read";
    public static final String TARGET_DELETE = "action.target.delete";
    /** Publishing host events (docs/delivery.md). */
    public static final String EVENT_WRITE = "action.event.write";

    /** All of them, e.g. for the development admin token. */
    public static final Set<String> ALL = Set.of(EXECUTION_WRITE, EXECUTION_READ, TARGET_WRITE, TARGET_READ,
            TARGET_DELETE, EVENT_WRITE);

    private Permissions() {
    }
}
