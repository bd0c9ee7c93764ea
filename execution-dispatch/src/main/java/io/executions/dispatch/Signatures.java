package io.executions.dispatch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code ZITADEL-Signature} header exactly as ZITADEL sends it:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>}, with one {@code v1} per valid key
 * (two while a rotated key has not expired). The key is the signing key string's UTF-8 bytes, as ZITADEL
 * uses it.
 */
public final class Signatures {
    public static final String HEADER = "ZITADEL-Signature";
    public static final String DELIVERY_HEADER = "X-Executions-Delivery";

    private Signatures() {
    }

    public static String header(long unixSeconds, byte[] body, List<String> keys) {
        StringBuilder header = new StringBuilder(24 + 68 * keys.size()).append("t=").append(unixSeconds);
        for (String key : keys) {
            header.append(",v1=").append(hex(key, unixSeconds, body));
        }
        return header.toString();
    }

    /** hex(HMAC-SHA256(key, "<t>.<body>")). */
    public static String hex(String key, long unixSeconds, byte[] body) {
        return HexFormat.of().formatHex(mac(key, unixSeconds, body));
    }

    static byte[] mac(String key, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(Long.toString(unixSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
