package io.executions.domain.policy;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;

import java.util.List;
import java.util.function.Predicate;

/**
 * Rule 9: every include names an execution of this instance that is currently set, i.e. whose stored
 * list is non-empty (one whose targets were all deleted still is).
 */
public final class IncludesSetPolicy {
    private IncludesSetPolicy() {
    }

    public static void check(List<Entry> entries, Predicate<ExecutionId> isSet) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Include include && !isSet.test(include.include())) {
                throw Rejections.notFound("EXEC-9", MessageKeys.INCLUDE_NOT_FOUND,
                        "the included execution '" + include.include() + "' is not set in this instance");
            }
        }
    }
}
