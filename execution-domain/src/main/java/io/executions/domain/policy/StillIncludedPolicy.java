package io.executions.domain.policy;

import io.executions.domain.api.CodePoints;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.MessageKeys;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Rule 12: an execution that other executions include cannot be cleared; the answer names them
 * (ZITADEL leaves a dangling include instead).
 */
public final class StillIncludedPolicy {
    private StillIncludedPolicy() {
    }

    public static void check(ExecutionId self, boolean clearing, Collection<ExecutionId> includers) {
        if (!clearing || includers.isEmpty()) {
            return;
        }
        String names = includers.stream().map(ExecutionId::value).sorted(CodePoints::compare)
                .collect(Collectors.joining("', '", "'", "'"));
        throw Rejections.precondition("EXEC-12", MessageKeys.STILL_INCLUDED,
                "'" + self + "' cannot be cleared: it is included by " + names);
    }
}
