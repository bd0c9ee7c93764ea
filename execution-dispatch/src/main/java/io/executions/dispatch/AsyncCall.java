package io.executions.dispatch;

import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolvedTarget;

/**
 * A {@code restAsync} target to call in the background: the target, the exact body (the message as the chain
 * had it when the async target's turn came) and the delivery id its attempts share.
 */
public record AsyncCall(InstanceId instance, ResolvedTarget target, byte[] body, String contentType,
                        String deliveryId) {
    @Override
    public String toString() {
        return "AsyncCall[" + instance + ", target=" + target.id() + ", delivery=" + deliveryId + "]";
    }
}
