package io.executions.dispatch;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.executions.domain.policy.PublicKeyPolicy;
import io.executions.projections.PublicKeyView;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * JWE payloads (docs/dispatch.md): the JSON payload as the claims of a JWT encrypted to the target's public key,
 * as ZITADEL sends them: RSA keys with {@code RSA-OAEP-256}, EC keys with {@code ECDH-ES+A256KW}, content
 * {@code A256GCM}; the header's {@code kid} is the key id the target registered, so a receiver with several keys
 * picks the right private key. Built on nimbus-jose-jwt.
 */
public final class JweEncrypter {
    private JweEncrypter() {
    }

    /** The key a payload is encrypted to: of the active, unexpired keys the one activated last. */
    public static Optional<PublicKeyView> choose(List<PublicKeyView> keys, Instant now) {
        return keys.stream().filter(k -> k.usableAt(now)).max(Comparator.comparing(PublicKeyView::changeDate));
    }

    /** The compact JWE of the JSON object {@code payload}, encrypted to {@code key}. */
    public static byte[] encrypt(byte[] payload, PublicKeyView key) {
        PublicKey publicKey = PublicKeyPolicy.parse(key.publicKey());
        JWEHeader.Builder header;
        JWEEncrypter encrypter;
        try {
            if (publicKey instanceof RSAPublicKey rsa) {
                header = new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM);
                encrypter = new RSAEncrypter(rsa);
            } else if (publicKey instanceof ECPublicKey ec) {
                header = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM);
                encrypter = new ECDHEncrypter(ec);
            } else {
                throw new IllegalArgumentException("neither an RSA nor an EC key");
            }
            EncryptedJWT jwt = new EncryptedJWT(header.keyID(key.keyId()).type(JOSEObjectType.JWT).build(),
                    JWTClaimsSet.parse(new String(payload, StandardCharsets.UTF_8)));
            jwt.encrypt(encrypter);
            return jwt.serialize().getBytes(StandardCharsets.US_ASCII);
        } catch (JOSEException | ParseException e) {
            throw new IllegalArgumentException("the payload cannot be encrypted as a JWE: " + e.getMessage(), e);
        }
    }
}
