package io.executions.dispatch;

import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolvedTarget;

/**
 * A {@code restAsync} target to call in the background: the target, the exact body (the message as the chain
 * had it when the async target's turn came, encoded as the target's payload type wants) and the delivery id its
 * attempts share.
 *
 * @param json the same message as plain JSON, before the payload type's encoding: a sink that sends later (the
 *             durable delivery path) stores this and encodes at send time ({@link Dispatcher#payloadFor}), so a
 *             JWT is fresh and a JWE is encrypted to the key active when it is sent
 */
public record AsyncCall(InstanceId instance, ResolvedTarget target, byte[] body, String contentType,
                        String deliveryId, byte[] json) {
    /** A call whose body is the plain JSON itself. */
    public AsyncCall(InstanceId instance, ResolvedTarget target, byte[] body, String contentType, String deliveryId) {
        this(instance, target, body, contentType, deliveryId, body);
    }

    @Override
    public String toString() {
        return "AsyncCall[" + instance + ", target=" + target.id() + ", delivery=" + deliveryId + "]";
    }
}
