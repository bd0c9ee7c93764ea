package io.executions.dispatch;

import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.util.List;

/**
 * The plaintext keys a target's calls are signed with: its current key first, then a rotated-out key that
 * has not expired yet. The runtime's source decrypts the stored keys; the default takes the definition's
 * key as it is.
 */
@FunctionalInterface
public interface SigningKeySource {
    List<String> keysFor(TargetId target, TargetDefinition definition);

    SigningKeySource AS_STORED = (target, definition) ->
            definition.signingKey() == null || definition.signingKey().isEmpty()
                    ? List.of() : List.of(definition.signingKey());
}
