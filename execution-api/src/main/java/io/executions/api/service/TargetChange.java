package io.executions.api.service;

import io.executions.domain.api.PayloadType;
import io.executions.domain.api.TargetType;

import java.time.Duration;

/**
 * The changes of an UpdateTarget, as a transport parsed them; a null field is left as it is.
 *
 * @param interruptOnError    null unless {@code type} is given
 * @param expirationSigningKey a new signing key is generated, the old one valid this long (null: keep the key)
 */
public record TargetChange(String name, TargetType type, Boolean interruptOnError, String endpoint,
                           Duration timeout, Duration expirationSigningKey, PayloadType payloadType) {
    /** A change that leaves the payload type as it is. */
    public TargetChange(String name, TargetType type, Boolean interruptOnError, String endpoint, Duration timeout,
                        Duration expirationSigningKey) {
        this(name, type, interruptOnError, endpoint, timeout, expirationSigningKey, null);
    }
}
