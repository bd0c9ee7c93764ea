package io.executions.domain.command;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;

/**
 * docs/safe-change.md: a write made against a planned instance version is refused when the instance changed
 * since. Called under the instance lock, before anything is read or written, so the check and the write
 * are one atomic step (the lookup's version is written in the events' transaction).
 */
public final class IfMatch {
    private IfMatch() {
    }

    public static void check(Long expectedVersion, CommandSideLookup lookup, InstanceId instance) {
        if (expectedVersion == null) {
            return;
        }
        long current = lookup.version(instance);
        if (current != expectedVersion) {
            throw changed(expectedVersion, current);
        }
    }

    public static Rejection changed(long expected, long current) {
        return new Rejection(ErrorCode.FAILED_PRECONDITION, "EXEC-IFMATCH", MessageKeys.EXECUTION_CHANGED,
                "the instance changed since version " + expected + ": it is at version " + current
                        + "; plan again");
    }
}
