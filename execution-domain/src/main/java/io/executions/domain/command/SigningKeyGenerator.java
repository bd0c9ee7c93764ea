package io.executions.domain.command;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates the signing keys of targets; the host may replace it (e.g. to use its own KMS). */
@FunctionalInterface
public interface SigningKeyGenerator {
    String newKey();

    /** 32 random bytes from {@link SecureRandom}, base64url without padding. */
    static SigningKeyGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        };
    }
}
