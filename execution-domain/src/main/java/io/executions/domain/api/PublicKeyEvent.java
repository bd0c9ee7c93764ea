package io.executions.domain.api;

import java.time.Instant;

/**
 * An event of a target's public keys (docs/dispatch.md, payload type JWE; v2's AddPublicKey, ActivatePublicKey,
 * DeactivatePublicKey, RemovePublicKey). Kept on the target's key ring aggregate, beside the target's own events,
 * so docs/safe-change.md's instance version (execution and target events) is unchanged by key management.
 */
public sealed interface PublicKeyEvent permits PublicKeyAdded, PublicKeyActivated, PublicKeyDeactivated,
        PublicKeyRemoved {
    InstanceId instance();

    TargetId targetId();

    String keyId();

    /** The acting user's id, as the host gave it. */
    String actor();

    Instant at();
}
