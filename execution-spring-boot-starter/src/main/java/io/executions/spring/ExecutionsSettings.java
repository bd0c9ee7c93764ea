package io.executions.spring;

import io.executions.dispatch.DenyList;
import io.executions.domain.api.ExecutionLimits;
import io.executions.projections.LockOutGuard;
import io.executions.runtime.DeliveryConfig;
import io.executions.runtime.DeliverySender;
import io.executions.runtime.SigningKeyCipher;
import io.executions.runtime.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * {@link ExecutionsProperties} turned into the engine's settings. Every wrong value fails the start with an
 * {@link InvalidConfigurationPropertyValueException} naming the property (Spring Boot's failure analyzer prints
 * it as "Invalid value ... for configuration property 'executions....'"); secrets are never echoed.
 */
final class ExecutionsSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionsAutoConfiguration.class);
    static final String KEY_ENCRYPTION_ENV = "EXECUTIONS_KEY_ENCRYPTION_KEY";
    private static final String HIDDEN = "******";

    private ExecutionsSettings() {
    }

    /** Checks what the engine's own builders would refuse with a less precise message. */
    static void validate(ExecutionsProperties p) {
        if (p.getInstance() == null || p.getInstance().isBlank()) {
            throw invalid("executions.instance", p.getInstance(), "an instance id must not be blank");
        }
        limits(p);
        ExecutionsProperties.Storage s = p.getStorage();
        switch (s.getType()) {
            case H2 -> {
                if (s.getPath() == null) {
                    throw invalid("executions.storage.path", null, "an h2 store needs a file path");
                }
            }
            case POSTGRESQL -> {
                if (s.getUrl() == null || !s.getUrl().startsWith("jdbc:postgresql:")) {
                    throw invalid("executions.storage.url", s.getUrl(),
                            "a postgresql store needs a URL starting with jdbc:postgresql:");
                }
                if (s.getUser() == null || s.getUser().isBlank()) {
                    throw invalid("executions.storage.user", s.getUser(), "a postgresql store needs a user");
                }
            }
            default -> {
            }
        }
        int inFlight = p.getDispatch().getMaxAsyncInFlight();
        if (inFlight < 1 || inFlight > 100_000) {
            throw invalid("executions.dispatch.max-async-in-flight", inFlight, "must be 1..100000");
        }
        if (p.getDelivery().isEnabled()) {
            delivery(p, null);
        }
    }

    static ExecutionLimits limits(ExecutionsProperties p) {
        int depth = p.getLimits().getMaxIncludeDepth();
        if (depth < 1 || depth > 20) {
            throw invalid("executions.limits.max-include-depth", depth, "must be 1..20");
        }
        int entries = p.getLimits().getMaxEntries();
        if (entries < 1 || entries > 1000) {
            throw invalid("executions.limits.max-entries", entries, "must be 1..1000");
        }
        return new ExecutionLimits(depth, entries);
    }

    static LockOutGuard lockOutGuard(ExecutionsProperties p) {
        ExecutionsProperties.LockOutGuard g = p.getLockOutGuard();
        return g.getServices().isEmpty() ? new LockOutGuard(LockOutGuard.DEFAULT.services(), g.isOptIn())
                : LockOutGuard.of(g.getServices(), g.isOptIn());
    }

    static StorageConfig storage(ExecutionsProperties p, DataSource hostDataSource) {
        ExecutionsProperties.Storage s = p.getStorage();
        return switch (s.getType()) {
            case MEMORY -> StorageConfig.memory();
            case H2 -> StorageConfig.h2(s.getPath());
            case POSTGRESQL -> StorageConfig.postgresql(s.getUrl(), s.getUser(), s.getPassword());
            case DATASOURCE -> {
                if (hostDataSource == null) {
                    throw invalid("executions.storage.type", "datasource",
                            "the host has no DataSource bean (add spring-boot-starter-jdbc and spring.datasource.*)");
                }
                yield StorageConfig.dataSource(hostDataSource);
            }
        };
    }

    static DenyList denyList(ExecutionsProperties p) {
        if (p.getDispatch().getDenyList() == null) {
            return DenyList.defaults();
        }
        try {
            return DenyList.of(p.getDispatch().getDenyList().stream().filter(e -> !e.isBlank()).toList());
        } catch (IllegalArgumentException e) {
            throw invalid("executions.dispatch.deny-list", p.getDispatch().getDenyList(), e.getMessage());
        }
    }

    /**
     * The key of signing keys at rest: the property, else the environment variable, else a fresh one (memory),
     * one kept beside the H2 file (owner-only, so a restart still decrypts), or none with a warning.
     */
    static SigningKeyCipher keyCipher(ExecutionsProperties p, Map<String, String> environment) {
        String configured = p.getDispatch().getKeyEncryptionKey();
        String property = "executions.dispatch.key-encryption-key";
        if (configured == null || configured.isBlank()) {
            configured = environment.get(KEY_ENCRYPTION_ENV);
            property = KEY_ENCRYPTION_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            try {
                return SigningKeyCipher.fromBase64(configured.trim());
            } catch (IllegalArgumentException e) {
                throw invalid(property, HIDDEN, "must be the base64 of 32 random bytes: " + e.getMessage());
            }
        }
        return switch (p.getStorage().getType()) {
            case MEMORY -> SigningKeyCipher.fromBase64(SigningKeyCipher.generateBase64());
            case H2 -> keptBeside(Path.of(p.getStorage().getPath().toAbsolutePath().normalize() + ".kek"));
            default -> {
                LOG.warn("no executions.dispatch.key-encryption-key and no {}: targets' signing keys are stored "
                        + "unencrypted in the {} store", KEY_ENCRYPTION_ENV, p.getStorage().getType());
                yield null;
            }
        };
    }

    private static SigningKeyCipher keptBeside(Path file) {
        try {
            if (Files.exists(file)) {
                return SigningKeyCipher.fromBase64(Files.readString(file).trim());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String key = SigningKeyCipher.generateBase64();
            Files.writeString(file, key);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            return SigningKeyCipher.fromBase64(key);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the key encryption key " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code executions.dispatch.jwt-key} (a private RSA JWK), else a key made now (receivers refetch the JWKS). */
    static io.executions.dispatch.JwtSigner jwtSigner(ExecutionsProperties p) {
        String jwk = p.getDispatch().getJwtKey();
        if (jwk == null || jwk.isBlank()) {
            return io.executions.dispatch.JwtSigner.generate();
        }
        try {
            return io.executions.dispatch.JwtSigner.fromJwk(jwk);
        } catch (IllegalArgumentException e) {
            throw invalid("executions.dispatch.jwt-key", HIDDEN, "must be a private RSA JWK (JSON with kty, n, e, d, ...)");
        }
    }

    static DeliveryConfig delivery(ExecutionsProperties p, DeliverySender sender) {
        ExecutionsProperties.Delivery d = p.getDelivery();
        DeliveryConfig.Builder b = DeliveryConfig.builder()
                .maxAttempts(d.getMaxAttempts())
                .initialBackoff(d.getInitialBackoff())
                .maxBackoff(d.getMaxBackoff())
                .maxAge(d.getMaxAge())
                .concurrency(d.getConcurrency())
                .lease(d.getLease())
                .pollInterval(d.getPollInterval())
                .sender(d.isWorker() ? sender : null);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // the builder names its field as delivery.camelCase: say which property that is
            String message = String.valueOf(e.getMessage());
            String field = message.startsWith("delivery.") ? message.substring(0, message.indexOf(' ') < 0
                    ? message.length() : message.indexOf(' ')) : "delivery";
            String property = "executions." + field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            throw invalid(property, valueOf(d, field), message);
        }
    }

    private static Object valueOf(ExecutionsProperties.Delivery d, String field) {
        return switch (field) {
            case "delivery.maxAttempts" -> d.getMaxAttempts();
            case "delivery.initialBackoff" -> d.getInitialBackoff();
            case "delivery.maxBackoff" -> d.getMaxBackoff();
            case "delivery.maxAge" -> d.getMaxAge();
            case "delivery.concurrency" -> d.getConcurrency();
            case "delivery.lease" -> d.getLease();
            case "delivery.pollInterval" -> d.getPollInterval();
            default -> null;
        };
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(name, value, reason);
    }
}
