package io.executions.dispatch;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * For receivers: checks a {@code ZITADEL-Signature} header against the raw body and the target's signing
 * key(s). Valid when the timestamp is within the tolerance (default 300 s, either direction) and any
 * {@code v1} value matches any of the given keys (during a rotation the sender sends one {@code v1} per
 * valid key, and a receiver may hold the old key, the new one, or both). Comparisons are constant-time.
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.withDefaults();
 * if (!verifier.isValid(request.getHeader("ZITADEL-Signature"), rawBody, signingKey)) { reject(401); }
 * }</pre>
 */
public final class SignatureVerifier {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private final Duration tolerance;
    private final Clock clock;

    public SignatureVerifier(Duration tolerance, Clock clock) {
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static SignatureVerifier withDefaults() {
        return new SignatureVerifier(DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public boolean isValid(String header, byte[] body, String... keys) {
        return check(header, body, List.of(keys)) == null;
    }

    public boolean isValid(String header, byte[] body, List<String> keys) {
        return check(header, body, keys) == null;
    }

    /** @throws InvalidSignatureException saying why (malformed, too old or too new, no matching value) */
    public void verify(String header, byte[] body, List<String> keys) {
        String reason = check(header, body, keys);
        if (reason != null) {
            throw new InvalidSignatureException(reason);
        }
    }

    private String check(String header, byte[] body, List<String> keys) {
        if (header == null || header.isBlank()) {
            return "no signature";
        }
        Long t = null;
        List<byte[]> values = new ArrayList<>(2);
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return "malformed signature";
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    t = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    values.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                return "malformed signature";
            }
        }
        if (t == null || values.isEmpty()) {
            return "malformed signature";
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - t) > tolerance.toSeconds()) {
            return "signature timestamp outside the tolerance";
        }
        for (String key : keys) {
            byte[] expected = Signatures.mac(key, t, body);
            for (byte[] value : values) {
                if (MessageDigest.isEqual(expected, value)) {
                    return null;
                }
            }
        }
        return "no signature value matches";
    }

    /** A signature that does not verify. */
    public static final class InvalidSignatureException extends RuntimeException {
        public InvalidSignatureException(String message) {
            super(message);
        }
    }
}
