package io.executions.api.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.EndpointGuard;
import io.executions.dispatch.HostResolver;
import io.executions.runtime.Executions;
import io.executions.runtime.SigningKeyCipher;
import io.executions.runtime.StorageConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The standalone server's configuration file (SPEC section 9). Unknown fields and wrong types are errors
 * with the file, line and field, so a typo never silently falls back to a default.
 */
public record ServerConfig(String listen, Storage storage, List<Instance> instances, List<Token> tokens,
                           CatalogConfig catalog, Limits limits, Guard lockOutGuard, Dispatch dispatch) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    public static final String DEFAULT_H2_PATH = "./data/executions";

    /** {@code memory}, {@code h2} with {@code path}, or {@code postgresql} with {@code url}, {@code user}, {@code password}. */
    public record Storage(String type, String path, String url, String user, String password) {
    }

    public record Instance(String id, Features features) {
    }

    public record Features(Boolean actions) {
    }

    public record Token(String token, String instance, String user, List<String> permissions) {
    }

    /** {@code services}: full service name to its method names; {@code events}; {@code functions}. */
    public record CatalogConfig(Map<String, List<String>> services, List<String> events, List<String> functions) {
    }

    public record Limits(Integer maxIncludeDepth, Integer maxEntries) {
    }

    public record Guard(List<String> services, Boolean optIn) {
    }

    /**
     * SPEC section 11: {@code denyList} (CIDR blocks and host names; absent: the default list, {@code []}: allow
     * everything) and {@code keyEncryptionKey} (base64 of 32 bytes; absent: the environment variable
     * {@code EXECUTIONS_KEY_ENCRYPTION_KEY}, else a key generated once and kept beside an H2 store).
     */
    public record Dispatch(List<String> denyList, String keyEncryptionKey) {
    }

    /** The environment variable that holds the key encryption key when the file does not. */
    public static final String KEY_ENCRYPTION_ENV = "EXECUTIONS_KEY_ENCRYPTION_KEY";

    /**
     * The development defaults' deny list: the default list without loopback, so a newcomer can try a webhook
     * on their own machine.
     */
    public static final List<String> DEVELOPMENT_DENY_LIST = DenyList.DEFAULT_ENTRIES.stream()
            .filter(entry -> !List.of("127.0.0.0/8", "::1/128", "localhost").contains(entry)).toList();

    /** A configuration problem, with a message that says what to fix. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /** The development defaults with one generated admin token, returned separately so it can be printed. */
    public record Development(ServerConfig config, String adminToken) {
    }

    public static Development development() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Map<String, List<String>> services = new LinkedHashMap<>();
        services.put("zitadel.session.v2.SessionService",
                List.of("CreateSession", "DeleteSession", "GetSession", "ListSessions", "SetSession"));
        services.put("zitadel.user.v2.UserService",
                List.of("AddHumanUser", "DeleteUser", "GetUserByID", "ListUsers", "UpdateHumanUser"));
        services.put("zitadel.action.v2beta.ActionService",
                List.of("CreateTarget", "DeleteTarget", "GetTarget", "ListExecutions", "ListTargets", "SetExecution",
                        "UpdateTarget"));
        ServerConfig config = new ServerConfig(DEFAULT_LISTEN,
                new Storage("h2", DEFAULT_H2_PATH, null, null, null),
                List.of(new Instance("default", new Features(true))),
                List.of(new Token(token, "default", "admin", List.copyOf(new java.util.TreeSet<>(Permissions.ALL)))),
                new CatalogConfig(services,
                        List.of("session.added", "user.human.added", "user.human.changed", "user.human.removed",
                                "user.machine.added"),
                        List.of("preaccesstoken", "presamlresponse", "preuserinfo")),
                null, null, new Dispatch(DEVELOPMENT_DENY_LIST, null));
        return new Development(config.validated(), token);
    }

    public static ServerConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.toString());
    }

    public static ServerConfig parse(byte[] json, String source) {
        try {
            ServerConfig config = mapper().readValue(json, ServerConfig.class);
            if (config == null) {
                throw new ConfigException(source + " is empty; it must hold one JSON object");
            }
            return config.validated();
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown field '" + e.getPropertyName() + "' at " + path(e)
                    + line(e) + "; known fields here: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new ConfigException(source + ": wrong value at " + path(e) + line(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + " is not valid JSON" + line(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private static ObjectMapper mapper() {
        return JsonMapper.builder(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfigDefaults(c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "the top level" : "'" + b + "'";
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** Fills defaults and checks cross references; every message names the field to fix. */
    ServerConfig validated() {
        String l = listen == null ? DEFAULT_LISTEN : listen;
        socketAddress(l);
        Storage s = storage == null ? new Storage("h2", DEFAULT_H2_PATH, null, null, null) : storage;
        storageConfig(s);
        List<Instance> is = instances == null ? List.of() : instances;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < is.size(); i++) {
            Instance instance = is.get(i);
            if (instance == null || instance.id() == null || instance.id().isEmpty()) {
                throw new ConfigException("instances[" + i + "].id is required");
            }
            if (!ids.add(instance.id())) {
                throw new ConfigException("instances[" + i + "]: instance '" + instance.id() + "' is declared twice");
            }
        }
        List<Token> ts = tokens == null ? List.of() : tokens;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ts.size(); i++) {
            Token t = ts.get(i);
            if (t == null || t.token() == null || t.token().isBlank()) {
                throw new ConfigException("tokens[" + i + "].token is required");
            }
            if (!seen.add(t.token())) {
                throw new ConfigException("tokens[" + i + "]: the same token is declared twice");
            }
            if (t.instance() == null || t.instance().isEmpty()) {
                throw new ConfigException("tokens[" + i + "].instance is required");
            }
            if (!ids.contains(t.instance())) {
                // a token may name an instance the file does not list: it gets the default features
                System.err.println("note: tokens[" + i + "].instance '" + t.instance()
                        + "' is not among the declared instances " + ids + "; it has the default features");
            }
            for (String permission : t.permissions() == null ? List.<String>of() : t.permissions()) {
                if (!Permissions.ALL.contains(permission)) {
                    // other permissions of the host are harmless here: they grant nothing in this API
                    System.err.println("note: tokens[" + i + "].permissions: '" + permission
                            + "' grants nothing in this API; known: " + new java.util.TreeSet<>(Permissions.ALL));
                }
            }
        }
        ServerConfig filled = new ServerConfig(l, s, is, ts,
                catalog == null ? new CatalogConfig(Map.of(), List.of(), List.of()) : catalog,
                limits == null ? new Limits(null, null) : limits,
                lockOutGuard == null ? new Guard(null, null) : lockOutGuard,
                dispatch == null ? new Dispatch(null, null) : dispatch);
        filled.denyList();
        if (filled.dispatch().keyEncryptionKey() != null) {
            filled.configuredCipher(filled.dispatch().keyEncryptionKey(), "dispatch.keyEncryptionKey");
        }
        filled.executionLimits();
        filled.staticCatalog();
        return filled;
    }

    public InetSocketAddress socketAddress() {
        return socketAddress(listen);
    }

    private static InetSocketAddress socketAddress(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException("listen '" + listen + "' must be host:port, e.g. 127.0.0.1:8080");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException("listen '" + listen + "': the port must be a number from 0 to 65535");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("listen '" + listen + "': the port must be a number from 0 to 65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    public StorageConfig storageConfig() {
        return storageConfig(storage);
    }

    private static StorageConfig storageConfig(Storage s) {
        String type = s.type() == null ? "" : s.type();
        return switch (type) {
            case "memory" -> StorageConfig.memory();
            case "h2" -> {
                if (s.path() == null || s.path().isBlank()) {
                    throw new ConfigException("storage.path is required for storage type h2, e.g. ./data/executions");
                }
                yield StorageConfig.h2(Path.of(s.path()));
            }
            case "postgresql" -> {
                Storage pg = withJdbcUrl(s);
                if (pg.url() == null || !pg.url().startsWith("jdbc:postgresql:")) {
                    throw new ConfigException("storage.url is required for storage type postgresql, e.g. "
                            + "jdbc:postgresql://localhost:5432/executions or postgresql://localhost:5432/executions");
                }
                try {
                    yield StorageConfig.postgresql(pg.url(), pg.user(), pg.password());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("storage: " + e.getMessage());
                }
            }
            default -> throw new ConfigException("storage.type must be memory, h2 or postgresql, got '" + type + "'");
        };
    }

    /**
     * Accepts PostgreSQL's own URL form too ({@code postgresql://user:secret@host:5432/db}, as libpq and most
     * IAM servers' docs write it), turning it into the JDBC form; user and password in the URL are used only
     * when the fields are not set.
     */
    private static Storage withJdbcUrl(Storage s) {
        String url = s.url();
        if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            return s;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("storage.url '" + url + "' is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new ConfigException("storage.url '" + url + "' names no host, e.g. postgresql://localhost:5432/db");
        }
        String user = s.user();
        String password = s.password();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = user != null ? user : parts[0];
            password = password != null ? password : parts.length > 1 ? parts[1] : null;
        }
        String jdbc = "jdbc:postgresql://" + (uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost())
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Storage(s.type(), s.path(), jdbc, user, password);
    }

    /** A human description of the store, for start-up lines and error messages. */
    public String storageDescription() {
        return switch (storage.type()) {
            case "memory" -> "in memory (nothing survives a restart)";
            case "h2" -> "H2 file store " + Path.of(storage.path()).toAbsolutePath().normalize();
            default -> "PostgreSQL " + withJdbcUrl(storage).url(); // without a password written in the url
        };
    }

    /**
     * An engine builder with this file's storage, catalog, limits and lock-out guard, the read models, the
     * deny list checked at target create/update, and signing keys encrypted at rest.
     */
    public Executions.Builder engineBuilder() {
        return Executions.builder()
                .storage(storageConfig())
                .catalog(staticCatalog())
                .limits(executionLimits())
                .lockOutGuard(guard())
                .endpointPolicy(new EndpointGuard(denyList(), HostResolver.system()))
                .keyEncryption(keyCipher(System.getenv()))
                .readSide(ReadModels::new);
    }

    /** The deny list of {@code dispatch.denyList}: the default list when absent. */
    public DenyList denyList() {
        List<String> entries = dispatch == null ? null : dispatch.denyList();
        if (entries == null) {
            return DenyList.defaults();
        }
        try {
            return DenyList.of(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("dispatch.denyList: " + e.getMessage());
        }
    }

    /**
     * The key that encrypts signing keys at rest: {@code dispatch.keyEncryptionKey}, else the environment's
     * {@code EXECUTIONS_KEY_ENCRYPTION_KEY}, else for an H2 store a key generated once and kept in the file
     * {@code <path>.kek} beside it (owner-only), so a restart still decrypts; for memory a fresh key. A
     * PostgreSQL store without a configured key stores keys in plaintext (several processes must share one
     * key, so none is invented) and says so on start.
     */
    public SigningKeyCipher keyCipher(Map<String, String> environment) {
        if (dispatch != null && dispatch.keyEncryptionKey() != null) {
            return configuredCipher(dispatch.keyEncryptionKey(), "dispatch.keyEncryptionKey");
        }
        String fromEnvironment = environment.get(KEY_ENCRYPTION_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return configuredCipher(fromEnvironment, KEY_ENCRYPTION_ENV);
        }
        return switch (storage.type()) {
            case "memory" -> SigningKeyCipher.fromBase64(SigningKeyCipher.generateBase64());
            case "h2" -> keptBeside(Path.of(storage.path() + ".kek"));
            default -> {
                System.err.println("warning: no dispatch.keyEncryptionKey and no " + KEY_ENCRYPTION_ENV
                        + ": signing keys are stored in plaintext in PostgreSQL");
                yield null;
            }
        };
    }

    private SigningKeyCipher configuredCipher(String base64, String where) {
        try {
            return SigningKeyCipher.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage() + " (expected base64 of 32 random bytes, e.g. "
                    + "the output of: openssl rand -base64 32)");
        }
    }

    private static SigningKeyCipher keptBeside(Path file) {
        try {
            if (Files.exists(file)) {
                return SigningKeyCipher.fromBase64(Files.readString(file).trim());
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String key = SigningKeyCipher.generateBase64();
            Files.writeString(file, key + "\n", java.nio.file.StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return SigningKeyCipher.fromBase64(key);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read or create the key encryption key file " + file + ": "
                    + e.getMessage());
        }
    }

    public StaticCatalog staticCatalog() {
        Map<String, List<String>> services = catalog.services() == null ? Map.of() : catalog.services();
        services.forEach((service, methods) -> {
            if (service.isEmpty() || service.contains("/")) {
                throw new ConfigException("catalog.services: '" + service + "' is not a full service name such as "
                        + "zitadel.session.v2.SessionService");
            }
            for (String method : methods == null ? List.<String>of() : methods) {
                if (method == null || method.isEmpty() || method.contains("/")) {
                    throw new ConfigException("catalog.services." + service + ": '" + method
                            + "' is not a method name such as ListSessions");
                }
            }
        });
        Map<String, List<String>> clean = new HashMap<>();
        services.forEach((k, v) -> clean.put(k, v == null ? List.of() : v));
        return new StaticCatalog(clean, catalog.events() == null ? List.of() : catalog.events(),
                catalog.functions() == null ? List.of() : catalog.functions());
    }

    public ExecutionLimits executionLimits() {
        try {
            return new ExecutionLimits(
                    limits.maxIncludeDepth() == null ? ExecutionLimits.DEFAULTS.maxIncludeDepth() : limits.maxIncludeDepth(),
                    limits.maxEntries() == null ? ExecutionLimits.DEFAULTS.maxEntries() : limits.maxEntries());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("limits: " + e.getMessage());
        }
    }

    public LockOutGuard guard() {
        return new LockOutGuard(
                lockOutGuard.services() == null ? LockOutGuard.DEFAULT.services() : Set.copyOf(lockOutGuard.services()),
                lockOutGuard.optIn() != null && lockOutGuard.optIn());
    }

    public TokenAuthenticator authenticator() {
        Map<String, Caller> callers = new HashMap<>();
        for (Token t : tokens) {
            callers.put(t.token(), new Caller(InstanceId.of(t.instance()), t.user(),
                    t.permissions() == null ? Set.of() : Set.copyOf(t.permissions())));
        }
        return new TokenAuthenticator(callers);
    }

    /**
     * The feature {@code actions} is on unless an instance sets it to {@code false}: ZITADEL itself has
     * dropped the flag, so an instance that does not mention it behaves as ZITADEL does today.
     */
    public InstanceFeatures features() {
        Set<InstanceId> disabled = instances.stream()
                .filter(i -> i.features() != null && Boolean.FALSE.equals(i.features().actions()))
                .map(i -> InstanceId.of(i.id()))
                .collect(Collectors.toUnmodifiableSet());
        return instance -> !disabled.contains(instance);
    }

    public List<String> instanceIds() {
        List<String> result = new ArrayList<>();
        instances.forEach(i -> result.add(i.id()));
        return result;
    }
}
