package io.executions.domain.policy;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.Rejection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A public key a target's JWE payloads are encrypted to: PEM of a {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo), RSA or EC, at most 8192 bytes (as v2's {@code AddPublicKeyRequest}), not already
 * expired. Anything else is 400 {@code Errors.Target.InvalidPublicKey} (or {@code InvalidExpirationDate}).
 */
public final class PublicKeyPolicy {
    public static final String INVALID_KEY = "Errors.Target.InvalidPublicKey";
    public static final String INVALID_EXPIRATION = "Errors.Target.InvalidExpirationDate";
    public static final int MAX_BYTES = 8192;

    private PublicKeyPolicy() {
    }

    /** The key's fingerprint {@code SHA256:<unpadded base64 of SHA-256(DER)>}, after checking it. */
    public static String check(byte[] pem, Instant expiration, Instant now) {
        if (pem == null || pem.length == 0 || pem.length > MAX_BYTES) {
            throw invalid("the public key must have 1 to " + MAX_BYTES + " bytes");
        }
        if (expiration != null && expiration.isBefore(now)) {
            throw new Rejection(ErrorCode.INVALID_ARGUMENT, "EXEC-PK-EXPIRATION", INVALID_EXPIRATION,
                    "the expiration date lies in the past");
        }
        byte[] der = der(new String(pem, StandardCharsets.US_ASCII));
        parse(der);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The RSA or EC public key of a PEM text this policy accepted. */
    public static PublicKey parse(String pem) {
        return parse(der(pem));
    }

    private static PublicKey parse(byte[] der) {
        for (String algorithm : new String[]{"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // try the next algorithm
            }
        }
        throw invalid("the public key is neither an RSA nor an EC key (X.509 SubjectPublicKeyInfo)");
    }

    private static byte[] der(String pem) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw invalid("the public key is not PEM: expected -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).trim());
        } catch (IllegalArgumentException e) {
            throw invalid("the PEM body is not base64");
        }
    }

    private static Rejection invalid(String message) {
        return new Rejection(ErrorCode.INVALID_ARGUMENT, "EXEC-PK-INVALID", INVALID_KEY, message);
    }
}
