package io.executions.domain.api;

import java.time.Duration;

/** The full definition of a target, as carried by its events and shown by resolution. */
public record TargetDefinition(String name, TargetType type, boolean interruptOnError, String endpoint,
                               Duration timeout, String signingKey) {

    public TargetDefinition withName(String newName) {
        return new TargetDefinition(newName, type, interruptOnError, endpoint, timeout, signingKey);
    }

    public TargetDefinition withSigningKey(String newKey) {
        return new TargetDefinition(name, type, interruptOnError, endpoint, timeout, newKey);
    }
}
