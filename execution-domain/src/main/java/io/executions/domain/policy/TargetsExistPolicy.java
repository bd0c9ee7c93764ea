package io.executions.domain.policy;

import io.executions.domain.api.Entry;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.TargetId;

import java.util.List;
import java.util.function.Predicate;

/** Rule 8: every target of the list exists in this instance and is not deleted. */
public final class TargetsExistPolicy {
    private TargetsExistPolicy() {
    }

    public static void check(List<Entry> entries, Predicate<TargetId> targetExists) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Target target && !targetExists.test(target.target())) {
                throw Rejections.notFound("EXEC-8", MessageKeys.TARGET_NOT_FOUND,
                        "target '" + target.target() + "' does not exist in this instance");
            }
        }
    }
}
