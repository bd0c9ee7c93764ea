package io.executions.api.service;

import io.executions.api.Caller;
import io.executions.api.Permissions;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionLists;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.domain.command.IfMatch;
import io.executions.projections.SafeChange;
import io.executions.runtime.Executions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * docs/safe-change.md as operations of the application service: plan, the If-Match of a PUT, diff, revert, lint.
 * As every operation, the adapter calls {@link ActionService#begin} (rules 1 to 3), then parses (rule 4), then
 * one of these methods.
 */
public final class SafeChangeService {
    private final Executions engine;
    private final BiConsumer<Caller, Operation> enter;

    SafeChangeService(Executions engine, BiConsumer<Caller, Operation> enter) {
        this.engine = engine;
        this.enter = enter;
    }

    /**
     * The If-Match precondition of a PUT, checked after rules 1 to 3 and before the body is read: {@code "<v>"},
     * {@code <v>} or {@code *}. Returns the version the write must still find (checked again under the instance
     * lock), null for no header or {@code *}; a value that is not the current version is 412
     * {@code Errors.Execution.Changed}.
     */
    public Long ifMatch(Caller caller, String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String tag = header.strip();
        if (tag.equals("*")) {
            return null;
        }
        if (tag.startsWith("W/")) {
            tag = tag.substring(2); // a weak tag compares as its value
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        enter.accept(caller, Operation.SET_EXECUTION);
        long current = engine.instanceVersion(caller.instance());
        long expected;
        try {
            expected = Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw precondition(IfMatch.changed(-1, current), "'" + header + "' is not a version of this "
                    + "instance; it is at version " + current + "; plan again");
        }
        if (expected != current) {
            throw precondition(IfMatch.changed(expected, current), null);
        }
        return expected;
    }

    /** Errors.Execution.Changed is answered 412 (with gRPC's FAILED_PRECONDITION), not 400. */
    static RuntimeException changedAs412(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Rejection rejection && MessageKeys.EXECUTION_CHANGED.equals(rejection.messageKey())) {
                return precondition(rejection, null);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }

    private static ServiceError precondition(Rejection rejection, String message) {
        return new ServiceError(412, ErrorCode.FAILED_PRECONDITION.grpc(), rejection.errorId(), rejection.messageKey(),
                message == null ? rejection.getMessage() : message);
    }

    /**
     * Plan: what the SetExecution would answer and change, written nowhere. Needs read; a caller without
     * {@code action.execution.write} sees rule 2's violation first inside the plan.
     */
    public SafeChange.Plan plan(Caller caller, Condition condition, List<Entry> entries) {
        enter.accept(caller, Operation.PLAN_EXECUTION);
        List<Rejection> earlier = new ArrayList<>();
        if (!caller.has(Permissions.EXECUTION_WRITE)) {
            earlier.add(new Rejection(ErrorCode.PERMISSION_DENIED, "API-PERMISSION", MessageKeys.PERMISSION_DENIED,
                    "applying this plan needs the permission '" + Permissions.EXECUTION_WRITE + "' in instance '"
                            + caller.instance() + "'"));
        }
        return engine.safeChange().plan(caller.instance(), new SetExecution(caller.instance(), condition,
                entries == null ? List.of() : entries, caller.user()), earlier);
    }

    /** Diff: every execution whose list or resolution differs between {@code from} and {@code to} (null: now). */
    public List<SafeChange.Change> diff(Caller caller, Instant from, Instant to) {
        if (from == null) {
            throw ServiceError.shape(Operation.DIFF_EXECUTIONS, "'from' is required");
        }
        Instant now = engine.clock().instant();
        if (to != null && to.isAfter(now)) {
            throw ServiceError.shape(Operation.DIFF_EXECUTIONS, "'to' must not be in the future");
        }
        enter.accept(caller, Operation.DIFF_EXECUTIONS);
        return engine.safeChange().diff(caller.instance(), from, to == null ? now : to);
    }

    /**
     * Revert: writes, as the caller, what makes the executions in scope ({@code conditions}, or null for every
     * execution set at {@code to} or now) list what they listed at {@code to}; all or nothing.
     */
    public SetExecutionListsResult revert(Caller caller, Instant to, List<Condition> conditions) {
        if (to == null) {
            throw ServiceError.shape(Operation.REVERT_EXECUTIONS, "'to' is required");
        }
        if (to.isAfter(engine.clock().instant())) {
            throw ServiceError.shape(Operation.REVERT_EXECUTIONS, "'to' must not be in the future");
        }
        List<ExecutionId> scope = null;
        if (conditions != null) {
            scope = new ArrayList<>();
            for (int i = 0; i < conditions.size(); i++) {
                scope.add(ActionService.queryCondition(conditions.get(i), "conditions[" + i + "]",
                        Operation.REVERT_EXECUTIONS).id());
            }
        }
        enter.accept(caller, Operation.REVERT_EXECUTIONS);
        List<SetExecutionLists.Wanted> lists = engine.safeChange().listsAt(caller.instance(), to, scope);
        return engine.setExecutionLists(new SetExecutionLists(caller.instance(), lists, caller.user()));
    }

    /** Lint: the findings of the instance's executions, sorted by execution id, then kind. */
    public List<SafeChange.Finding> lint(Caller caller) {
        enter.accept(caller, Operation.LINT_EXECUTIONS);
        return engine.safeChange().lint(caller.instance());
    }
}
