package io.executions.projections;

import io.executions.domain.api.PublicKeyActivated;
import io.executions.domain.api.PublicKeyAdded;
import io.executions.domain.api.PublicKeyDeactivated;
import io.executions.domain.api.PublicKeyRemoved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registered public key of a target (v2's {@code PublicKey}): removed keys are not listed.
 *
 * @param expiration null: never expires
 */
public record PublicKeyView(String keyId, boolean active, String publicKey, String fingerprint, Instant expiration,
                            Instant creationDate, Instant changeDate) {

    /** Whether the key may encrypt a payload at {@code now}: active and not expired. */
    public boolean usableAt(Instant now) {
        return active && (expiration == null || expiration.isAfter(now));
    }

    /** The keys a target's key events leave, in the order they were added (the read model of the key ring). */
    public static List<PublicKeyView> fold(Iterable<?> payloads) {
        Map<String, PublicKeyView> keys = new LinkedHashMap<>();
        for (Object payload : payloads) {
            if (payload instanceof PublicKeyAdded e) {
                keys.put(e.keyId(), new PublicKeyView(e.keyId(), false, e.publicKey(), e.fingerprint(),
                        e.expiration(), e.at(), e.at()));
            } else if (payload instanceof PublicKeyActivated e) {
                keys.computeIfPresent(e.keyId(), (id, k) -> k.with(true, e.at()));
            } else if (payload instanceof PublicKeyDeactivated e) {
                keys.computeIfPresent(e.keyId(), (id, k) -> k.with(false, e.at()));
            } else if (payload instanceof PublicKeyRemoved e) {
                keys.remove(e.keyId());
            }
        }
        return List.copyOf(new ArrayList<>(keys.values()));
    }

    private PublicKeyView with(boolean nowActive, Instant at) {
        return new PublicKeyView(keyId, nowActive, publicKey, fingerprint, expiration, creationDate, at);
    }
}
