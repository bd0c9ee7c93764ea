package io.executions.domain.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A public key was registered for a target (inactive until activated).
 *
 * @param publicKey   the PEM text as given (a public key is no secret)
 * @param fingerprint {@code SHA256:<unpadded base64 of the SHA-256 of the DER key>}
 * @param expiration  when the key stops being used; null: never
 */
@Revision("1")
public record PublicKeyAdded(InstanceId instance, TargetId targetId, String keyId, String publicKey,
                             String fingerprint, Instant expiration, String actor, Instant at)
        implements PublicKeyEvent {
}
