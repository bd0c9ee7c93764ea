package io.executions.domain.policy;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.MessageKeys;

/**
 * Rule 7: the condition exists in the host's catalog. A group exists when some event type starts with
 * {@code group + "."} (not a raw prefix, unlike ZITADEL); {@code all} always exists.
 */
public final class ConditionExistsPolicy {
    private ConditionExistsPolicy() {
    }

    public static void check(Condition condition, Catalog catalog) {
        String value = condition.value();
        boolean exists = switch (condition.kind()) {
            case REQUEST_ALL, RESPONSE_ALL, EVENT_ALL -> true;
            case REQUEST_METHOD, RESPONSE_METHOD -> catalog.hasMethod(value);
            case REQUEST_SERVICE, RESPONSE_SERVICE -> catalog.hasService(value);
            case FUNCTION -> catalog.hasFunction(value);
            case EVENT -> catalog.hasEventType(value);
            case EVENT_GROUP -> catalog.hasEventGroup(value);
        };
        if (!exists) {
            throw Rejections.notFound("EXEC-7-" + condition.kind().choice().toUpperCase(java.util.Locale.ROOT),
                    MessageKeys.CONDITION_INVALID,
                    "the " + condition.kind().choice() + " '" + value + "' does not exist in the catalog");
        }
    }
}
