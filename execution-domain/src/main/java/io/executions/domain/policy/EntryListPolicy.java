package io.executions.domain.policy;

import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule 6: every entry is a target id of 1..200 characters or an include of a valid condition, no entry
 * appears twice, and there are at most {@code maxEntries} entries.
 */
public final class EntryListPolicy {
    public static final int MAX_TARGET_ID_LENGTH = 200;

    private EntryListPolicy() {
    }

    /** Whether one entry passes this rule on its own (a plan leaves the others out of rules 8 to 11). */
    public static boolean isWellFormed(Entry entry) {
        if (entry instanceof Entry.Target target) {
            int length = CodePoints.length(target.target().value());
            return length >= 1 && length <= MAX_TARGET_ID_LENGTH;
        }
        try {
            ConditionShapePolicy.check(((Entry.Include) entry).asWritten());
            return true;
        } catch (Rejection | IllegalArgumentException e) {
            return false;
        }
    }

    public static void check(List<Entry> entries, ExecutionLimits limits) {
        if (entries.size() > limits.maxEntries()) {
            throw Rejections.invalid("EXEC-6-MAXENTRIES", MessageKeys.EXECUTION_INVALID,
                    "an execution lists at most " + limits.maxEntries() + " entries, this one has " + entries.size());
        }
        Set<Entry> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry instanceof Entry.Target target) {
                int length = CodePoints.length(target.target().value());
                if (length < 1 || length > MAX_TARGET_ID_LENGTH) {
                    throw Rejections.invalid("EXEC-6-TARGETID", MessageKeys.EXECUTION_INVALID,
                            "entry " + i + ": a target id has 1 to " + MAX_TARGET_ID_LENGTH + " characters");
                }
            } else if (entry instanceof Entry.Include include) {
                try {
                    ConditionShapePolicy.check(include.asWritten());
                } catch (Rejection | IllegalArgumentException e) {
                    throw Rejections.invalid("EXEC-6-INCLUDE", MessageKeys.EXECUTION_INVALID,
                            "entry " + i + ": the include is not a valid condition: " + e.getMessage());
                }
            }
            if (!seen.add(entry)) {
                throw Rejections.invalid("EXEC-6-DUPLICATE", MessageKeys.EXECUTION_INVALID,
                        "entry " + i + " (" + entry + ") appears twice in the list");
            }
        }
    }
}
