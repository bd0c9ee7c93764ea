package io.executions.domain.policy;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.TargetId;

import java.util.Optional;

/**
 * docs/contract.md ("Targets"): a target's name is unique in its instance (409); a deleted target's name may be reused,
 * and the same name in two instances is fine.
 */
public final class UniqueTargetNamePolicy {
    private UniqueTargetNamePolicy() {
    }

    public static void check(String name, TargetId self, Optional<TargetId> holder) {
        if (holder.isPresent() && !holder.get().equals(self)) {
            throw new Rejection(ErrorCode.ALREADY_EXISTS, "EXEC-T-NAMETAKEN", MessageKeys.TARGET_ALREADY_EXISTS,
                    "a target named '" + name + "' already exists in this instance");
        }
    }
}
