package io.executions.dispatch;

import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.time.Clock;
import java.util.List;

/**
 * The plaintext keys a target's calls are signed with: its current key first, then a rotated-out key that
 * has not expired yet (docs/dispatch.md: two {@code v1} values while both are valid). The engine decrypts
 * stored keys as it reads its events, so the definitions resolution hands out already hold plaintext.
 */
@FunctionalInterface
public interface SigningKeySource {
    List<String> keysFor(TargetId target, TargetDefinition definition);

    /** The definition's current key and, until it expires by {@code clock}, its previous key. */
    static SigningKeySource withRotation(Clock clock) {
        return (target, definition) -> {
            String current = definition.signingKey();
            String previous = definition.previousSigningKeyAt(clock.instant());
            if (current == null || current.isEmpty()) {
                return previous == null ? List.of() : List.of(previous);
            }
            return previous == null ? List.of(current) : List.of(current, previous);
        };
    }

    SigningKeySource AS_STORED = withRotation(Clock.systemUTC());
}
