package io.executions.domain.policy;

import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Condition;
import io.executions.domain.api.ConditionKind;
import io.executions.domain.api.MessageKeys;

/**
 * Rule 5: a condition has exactly one kind and one choice (the {@link Condition} type cannot hold
 * anything else), its string is 1..1000 code points, and a group is not just {@code .*}.
 */
public final class ConditionShapePolicy {
    public static final int MAX_LENGTH = 1000;

    private ConditionShapePolicy() {
    }

    public static void check(Condition condition) {
        if (condition.kind().isAll()) {
            return;
        }
        String value = condition.value();
        if (condition.kind() == ConditionKind.EVENT_GROUP && value.isEmpty()) {
            throw Rejections.invalid("EXEC-5-GROUP", MessageKeys.EXECUTION_INVALID,
                    "the event group must name a group, not just '.*'");
        }
        int length = CodePoints.length(value);
        if (length < 1 || length > MAX_LENGTH) {
            throw Rejections.invalid("EXEC-5-LENGTH", MessageKeys.EXECUTION_INVALID,
                    "the " + condition.kind().choice() + " of the " + condition.type().json()
                            + " condition must have 1 to " + MAX_LENGTH + " characters, it has " + length);
        }
    }
}
