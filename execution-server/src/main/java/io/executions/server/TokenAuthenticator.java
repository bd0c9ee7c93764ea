package io.executions.server;

import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Static bearer tokens from the config file. Tokens are kept as SHA-256 digests, so the lookup takes the
 * same time whatever prefix of a token a caller guesses, and no token sits in memory in plain text.
 */
public final class TokenAuthenticator implements CallerAuthenticator {
    private final Map<String, Caller> callers;

    public TokenAuthenticator(Map<String, Caller> callersByToken) {
        Map<String, Caller> hashed = new HashMap<>();
        callersByToken.forEach((token, caller) -> hashed.put(digest(token), caller));
        this.callers = Map.copyOf(hashed);
    }

    @Override
    public Optional<Caller> authenticate(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.trim();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = header.substring(space + 1).trim();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(callers.get(digest(token)));
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
