package io.executions.runtime;

import io.executions.projections.SecretSealer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Encrypts targets' signing keys at rest (docs/dispatch.md): AES-256-GCM with a key the host supplies, a fresh
 * 96-bit nonce per value, the 128-bit tag appended. Stored events hold {@code {"keyId", "alg", "value"}} where
 * {@code value} is base64(nonce | ciphertext | tag) and {@code keyId} names the key (the first 16 hex digits of
 * its SHA-256, which reveals nothing of it), so a store written with another key fails loudly on read instead
 * of answering garbage.
 */
public final class SigningKeyCipher {
    public static final String ALGORITHM = "A256GCM";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    private SigningKeyCipher(byte[] keyBytes) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("the key encryption key must be 32 bytes (AES-256), was "
                    + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes.clone(), "AES");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
            this.keyId = HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cipher for 32 key bytes. */
    public static SigningKeyCipher of(byte[] keyBytes) {
        return new SigningKeyCipher(Objects.requireNonNull(keyBytes, "keyBytes"));
    }

    /** A cipher for a key given as base64 (standard or URL alphabet, padding optional) of 32 bytes. */
    public static SigningKeyCipher fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        String trimmed = base64.trim();
        byte[] bytes;
        try {
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key encryption key is not base64");
        }
        return of(bytes);
    }

    /** 32 random bytes as base64: a new key encryption key. */
    public static String generateBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String keyId() {
        return keyId;
    }

    /** base64(nonce | ciphertext | tag) of the UTF-8 plaintext. */
    public String encrypt(String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The plaintext of a value this key encrypted.
     *
     * @throws IllegalArgumentException when the value was encrypted with another key or was changed
     */
    public String decrypt(String keyIdOfValue, String value) {
        if (!keyId.equals(keyIdOfValue)) {
            throw new IllegalArgumentException("a signing key was encrypted with key " + keyIdOfValue
                    + ", but the configured key encryption key is " + keyId);
        }
        try {
            byte[] in = Base64.getDecoder().decode(value);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("an encrypted signing key does not decrypt with key " + keyId);
        }
    }

    /** Seals as {@code <key id>:<ciphertext>}, so a snapshot sealed under another key is refused on load. */
    public SecretSealer sealer() {
        return new SecretSealer() {
            @Override
            public String seal(String secret) {
                return keyId + ":" + encrypt(secret);
            }

            @Override
            public String open(String sealed) {
                int colon = sealed.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("a sealed secret without its key id");
                }
                return decrypt(sealed.substring(0, colon), sealed.substring(colon + 1));
            }
        };
    }

    @Override
    public String toString() {
        return "SigningKeyCipher[" + ALGORITHM + ", keyId=" + keyId + "]";
    }
}
