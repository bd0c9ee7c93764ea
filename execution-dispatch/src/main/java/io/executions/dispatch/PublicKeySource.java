package io.executions.dispatch;

import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import io.executions.projections.PublicKeyView;

import java.util.List;

/**
 * The registered public keys of a target (docs/dispatch.md, JWE): the runtime's {@code Executions::publicKeys}.
 * Asked on the calling thread when a chain with a JWE target starts, never on an event loop.
 */
@FunctionalInterface
public interface PublicKeySource {
    /** A host without key management: no target has a key, so a JWE target's call fails. */
    PublicKeySource NONE = (instance, target) -> List.of();

    List<PublicKeyView> keys(InstanceId instance, TargetId target);
}
