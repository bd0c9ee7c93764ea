package io.executions.domain.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The full definition of a target, as carried by its events and shown by resolution.
 *
 * <p>{@code previousSigningKey} is the key a rotation ({@code expirationSigningKey}) replaced; it stays valid
 * for receivers until {@code previousSigningKeyExpires}, and calls carry a signature for both keys until then.
 * Both are null when there is no such key.
 */
public record TargetDefinition(String name, TargetType type, boolean interruptOnError, String endpoint,
                               Duration timeout, String signingKey, String previousSigningKey,
                               Instant previousSigningKeyExpires, PayloadType payloadType) {

    public TargetDefinition {
        payloadType = payloadType == null ? PayloadType.JSON : payloadType;
    }

    public TargetDefinition(String name, TargetType type, boolean interruptOnError, String endpoint,
                            Duration timeout, String signingKey) {
        this(name, type, interruptOnError, endpoint, timeout, signingKey, null, null, PayloadType.JSON);
    }

    public TargetDefinition(String name, TargetType type, boolean interruptOnError, String endpoint,
                            Duration timeout, String signingKey, String previousSigningKey,
                            Instant previousSigningKeyExpires) {
        this(name, type, interruptOnError, endpoint, timeout, signingKey, previousSigningKey,
                previousSigningKeyExpires, PayloadType.JSON);
    }

    public TargetDefinition withName(String newName) {
        return new TargetDefinition(newName, type, interruptOnError, endpoint, timeout, signingKey,
                previousSigningKey, previousSigningKeyExpires, payloadType);
    }

    public TargetDefinition withPayloadType(PayloadType newType) {
        return new TargetDefinition(name, type, interruptOnError, endpoint, timeout, signingKey,
                previousSigningKey, previousSigningKeyExpires, newType);
    }

    /** A new key; the previous key is dropped at once. */
    public TargetDefinition withSigningKey(String newKey) {
        return new TargetDefinition(name, type, interruptOnError, endpoint, timeout, newKey, null, null, payloadType);
    }

    /** A new key; the current one stays valid for receivers until {@code previousExpires}. */
    public TargetDefinition rotatedTo(String newKey, Instant previousExpires) {
        return new TargetDefinition(name, type, interruptOnError, endpoint, timeout, newKey, signingKey,
                previousExpires, payloadType);
    }

    /** The previous key while it is still valid at {@code now}, else null. */
    public String previousSigningKeyAt(Instant now) {
        return previousSigningKey != null && previousSigningKeyExpires != null && now.isBefore(previousSigningKeyExpires)
                ? previousSigningKey : null;
    }

    @Override
    public String toString() {
        // keys never appear in logs or exception messages
        return "TargetDefinition[name=" + name + ", type=" + type + ", interruptOnError=" + interruptOnError
                + ", endpoint=" + endpoint + ", timeout=" + timeout + ", payloadType=" + payloadType + "]";
    }
}
