package io.executions.dispatch;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs JWT payloads (docs/dispatch.md, payload type JWT): the JSON payload becomes the claims of a JWT signed
 * RS256 with the host's RSA key, whose public half is published as a JWKS
 * ({@code GET /.well-known/executions/jwks.json} on the standalone server) so receivers verify it with any JOSE
 * library. Built on nimbus-jose-jwt.
 */
public final class JwtSigner {
    /** The media type of a compact JWT body (RFC 7519). */
    public static final String CONTENT_TYPE = "application/jwt";

    private final RSAKey key;
    private final RSASSASigner signer;

    private JwtSigner(RSAKey key) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("a JWT signing key needs its private part");
        }
        this.key = key;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a usable RSA signing key: " + e.getMessage(), e);
        }
    }

    /** A new 2048-bit RSA key with a random key id. */
    public static JwtSigner generate() {
        try {
            return new JwtSigner(new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation is part of every Java runtime", e);
        }
    }

    /**
     * The host's key as a private RSA JWK (JSON). Its {@code kid} is the JWK's, or, without one, the key's RFC
     * 7638 thumbprint, so the same key always has the same id (receivers cache the JWKS by key id).
     */
    public static JwtSigner fromJwk(String privateJwkJson) {
        Objects.requireNonNull(privateJwkJson, "privateJwkJson");
        try {
            RSAKey key = RSAKey.parse(privateJwkJson);
            if (key.getKeyID() == null || key.getKeyID().isEmpty()) {
                key = new RSAKey.Builder(key).keyIDFromThumbprint().build();
            }
            return new JwtSigner(key);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("not an RSA JWK: " + e.getMessage(), e);
        }
    }

    /**
     * The key, private part included, as a JWK (JSON): what a host stores (encrypted) to sign with the same key
     * after a restart. Never log it.
     */
    public String privateJwkJson() {
        return key.toJSONString();
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The compact JWT whose claims are the JSON object {@code payload}. */
    public byte[] sign(byte[] payload) {
        try {
            JWTClaimsSet claims = JWTClaimsSet.parse(new String(payload, StandardCharsets.UTF_8));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize().getBytes(StandardCharsets.US_ASCII);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("the payload cannot be signed as a JWT: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JwtSigner[RS256, kid=" + key.getKeyID() + "]"; // never the key
    }

    /** {@code {"keys": [<public JWK>]}}. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }
}
