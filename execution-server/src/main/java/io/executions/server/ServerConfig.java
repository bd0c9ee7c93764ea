package io.executions.server;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.json.Durations;
import io.executions.api.json.ShapeException;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import io.executions.runtime.DeliveryConfig;
import io.executions.runtime.DeliverySender;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.EndpointGuard;
import io.executions.dispatch.HostResolver;
import io.executions.dispatch.JwtSigner;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.api.delivery.DurableAsyncSink;
import io.executions.runtime.Executions;
import io.executions.runtime.SigningKeyCipher;
import io.executions.runtime.StorageConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The standalone server's configuration file (docs/contract.md, "The standalone server"), bound by Jackson
 * ({@link ConfigMapper}) into these records and then validated: unknown fields, wrong types and bad values are
 * errors naming the file, line and field, so a typo never silently falls back to a default. Secrets (a token,
 * the PostgreSQL password) may be written as {@code {"env": "VARIABLE"}} or {@code {"file": "PATH"}} instead
 * of the value ({@link Secret}). Nothing here prints: remarks that are not errors are in {@link #notes()}.
 */
public record ServerConfig(String listen, Storage storage, List<Instance> instances, List<Token> tokens,
                           CatalogConfig catalog, Limits limits, Guard lockOutGuard, Http http, Delivery delivery,
                           Dispatch dispatch, Metrics metrics) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    public static final String DEFAULT_H2_PATH = "./data/executions";

    /** {@code memory}, {@code h2} with {@code path}, or {@code postgresql} with {@code url}, {@code user}, {@code password}. */
    public record Storage(String type, String path, String url, String user,
                          @JsonDeserialize(using = Secret.class) String password) {
        @Override
        public String toString() {
            return "Storage[type=" + type + ", path=" + path + ", url=" + url + ", user=" + user + "]";
        }
    }

    public record Instance(String id, Features features) {
    }

    public record Features(Boolean actions) {
    }

    public record Token(@JsonDeserialize(using = Secret.class) String token, String instance, String user,
                        List<String> permissions) {
        @Override
        public String toString() {
            return "Token[instance=" + instance + ", user=" + user + ", permissions=" + permissions + "]";
        }
    }

    /** {@code services}: full service name to its method names; {@code events}; {@code functions}. */
    public record CatalogConfig(Map<String, List<String>> services, List<String> events, List<String> functions) {
    }

    public record Limits(Integer maxIncludeDepth, Integer maxEntries) {
    }

    public record Guard(List<String> services, Boolean optIn) {
    }

    /**
     * The HTTP server's limits (all optional; defaults in {@link ServerLimits#DEFAULTS}): {@code maxRequestBytes},
     * {@code requestTimeout} and {@code idleTimeout} as durations such as {@code "30s"}, {@code maxConnections},
     * {@code threads} (answering requests).
     */
    public record Http(Long maxRequestBytes, String requestTimeout, String idleTimeout, Integer maxConnections,
                       Integer threads) {
    }

    /**
     * docs/dispatch.md: {@code denyList} (CIDR blocks and host names; absent: the default list, {@code []}: allow
     * everything) and {@code keyEncryptionKey} (base64 of 32 bytes; absent: the environment variable
     * {@code EXECUTIONS_KEY_ENCRYPTION_KEY}, else a key generated once and kept beside an H2 store).
     */
    public record Dispatch(List<String> denyList, String keyEncryptionKey,
                           @JsonDeserialize(using = Secret.class) String jwtKey) {
        @Override
        public String toString() {
            return "Dispatch[denyList=" + denyList + ", keyEncryptionKey=" + (keyEncryptionKey == null ? null : "***")
                    + ", jwtKey=" + (jwtKey == null ? null : "***") + "]";
        }
    }

    /** The environment variable that holds the JWT payload key (a private RSA JWK) when the file does not. */
    public static final String JWT_KEY_ENV = "EXECUTIONS_JWT_KEY";
    /** The name under which the standalone server keeps its generated JWT key in the store. */
    static final String STORED_JWT_KEY = "dispatch.jwtKey";

    /** The environment variable that holds the key encryption key when the file does not. */
    public static final String KEY_ENCRYPTION_ENV = "EXECUTIONS_KEY_ENCRYPTION_KEY";

    /**
     * The development defaults' deny list: the default list without loopback, so a newcomer can try a webhook
     * on their own machine.
     */
    public static final List<String> DEVELOPMENT_DENY_LIST = DenyList.DEFAULT_ENTRIES.stream()
            .filter(entry -> !List.of("127.0.0.0/8", "::1/128", "localhost").contains(entry)).toList();

    /**
     * docs/delivery.md: {@code maxAttempts} (10), {@code initialBackoff} ("10s"), {@code maxBackoff} ("900s"),
     * optional {@code maxAge}, {@code concurrency} (8 attempts at once), {@code lease} ("300s", how long a
     * crashed server's claims block its deliveries), {@code pollInterval} ("500ms"), {@code worker} (true: this
     * server delivers; false: it only stores deliveries for another server to deliver).
     */
    public record Delivery(Integer maxAttempts, String initialBackoff, String maxBackoff, String maxAge,
                           Integer concurrency, String lease, String pollInterval, Boolean worker) {
    }

    /**
     * {@code GET /metrics} ({@link ServerMetrics}): {@code enabled} (true) and {@code token}, a scrape credential
     * (absent: the endpoint is open; set: a scrape must send {@code Authorization: Bearer <token>}). Written as
     * a value or as {@code {"env": ...}} / {@code {"file": ...}} like every secret.
     */
    public record Metrics(Boolean enabled, @JsonDeserialize(using = Secret.class) String token) {
        @Override
        public String toString() {
            return "Metrics[enabled=" + enabled + ", token=" + (token == null ? "none" : "***") + "]";
        }
    }

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
                List.of(new Token(token, "default", "admin", List.copyOf(new TreeSet<>(Permissions.ALL)))),
                new CatalogConfig(services,
                        List.of("session.added", "user.human.added", "user.human.changed", "user.human.removed",
                                "user.machine.added"),
                        List.of("preaccesstoken", "presamlresponse", "preuserinfo")),
                null, null, null, null, new Dispatch(DEVELOPMENT_DENY_LIST, null, null), null);
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
        return ConfigMapper.bind(json, source).validated();
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
        }
        ServerConfig filled = new ServerConfig(l, s, is, ts,
                catalog == null ? new CatalogConfig(Map.of(), List.of(), List.of()) : catalog,
                limits == null ? new Limits(null, null) : limits,
                lockOutGuard == null ? new Guard(null, null) : lockOutGuard,
                http == null ? new Http(null, null, null, null, null) : http,
                delivery == null ? new Delivery(null, null, null, null, null, null, null, null) : delivery,
                dispatch == null ? new Dispatch(null, null, null) : dispatch,
                metrics == null ? new Metrics(null, null) : metrics);
        if (filled.metrics().token() != null && filled.metrics().token().isBlank()) {
            throw new ConfigException("metrics.token must not be blank (leave it out for an open /metrics)");
        }
        filled.denyList();
        if (filled.dispatch().keyEncryptionKey() != null) {
            filled.configuredCipher(filled.dispatch().keyEncryptionKey(), "dispatch.keyEncryptionKey");
        }
        if (filled.dispatch().jwtKey() != null) {
            filled.configuredJwt(filled.dispatch().jwtKey(), "dispatch.jwtKey");
        }
        filled.executionLimits();
        filled.deliveryConfig(call -> null);
        filled.staticCatalog();
        filled.serverLimits();
        return filled;
    }

    /**
     * Remarks on a valid file that a person may want to know (printed by {@code serve} at start-up): a token of
     * an instance the file does not declare, a permission that grants nothing in this API.
     */
    public List<String> notes() {
        Set<String> ids = new HashSet<>(instanceIds());
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!ids.contains(t.instance())) {
                // a token may name an instance the file does not list: it gets the default features
                notes.add("tokens[" + i + "].instance '" + t.instance() + "' is not among the declared instances "
                        + new TreeSet<>(ids) + "; it has the default features");
            }
            for (String permission : t.permissions() == null ? List.<String>of() : t.permissions()) {
                if (!Permissions.ALL.contains(permission)) {
                    // other permissions of the host are harmless here: they grant nothing in this API
                    notes.add("tokens[" + i + "].permissions: '" + permission + "' grants nothing in this API; "
                            + "known: " + new TreeSet<>(Permissions.ALL));
                }
            }
        }
        return notes;
    }

    /** The HTTP server's limits: the {@code http} section over {@link ServerLimits#DEFAULTS}. */
    public ServerLimits serverLimits() {
        ServerLimits d = ServerLimits.DEFAULTS;
        try {
            return new ServerLimits(
                    http.maxRequestBytes() == null ? d.maxRequestLength() : http.maxRequestBytes(),
                    duration(http.requestTimeout(), "http.requestTimeout", d.requestTimeout()),
                    duration(http.idleTimeout(), "http.idleTimeout", d.idleTimeout()),
                    http.maxConnections() == null ? d.maxConnections() : http.maxConnections(),
                    http.threads() == null ? d.blockingThreads() : http.threads(),
                    d.maxHeaderBytes(), d.maxInitialLine(), d.shutdownGrace());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("http: " + e.getMessage());
        }
    }

    private static Duration duration(String text, String field, Duration otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Durations.parse(text, field);
        } catch (ShapeException e) {
            throw new ConfigException(e.getMessage());
        }
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
        return StorageSettings.storageConfig(storage);
    }

    private static StorageConfig storageConfig(Storage s) {
        return StorageSettings.storageConfig(s);
    }

    /** A human description of the store, for start-up lines and error messages. */
    public String storageDescription() {
        return StorageSettings.describe(storage); // without a password written in the url
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

    /**
     * The engine of the standalone server: {@link #engineBuilder()} with durable delivery, its worker calling
     * targets through {@code sender} (unless {@code "delivery": {"worker": false}}).
     */
    public Executions.Builder serverEngineBuilder(DeliverySender sender) {
        return engineBuilder().delivery(deliveryConfig(sender));
    }

    /** The {@code delivery} section as the engine's settings; every message names the field to fix. */
    public DeliveryConfig deliveryConfig(DeliverySender sender) {
        Delivery d = delivery == null ? new Delivery(null, null, null, null, null, null, null, null) : delivery;
        DeliveryConfig.Builder b = DeliveryConfig.builder();
        if (d.maxAttempts() != null) {
            b.maxAttempts(d.maxAttempts());
        }
        if (d.initialBackoff() != null) {
            b.initialBackoff(configDuration(d.initialBackoff(), "delivery.initialBackoff"));
        }
        if (d.maxBackoff() != null) {
            b.maxBackoff(configDuration(d.maxBackoff(), "delivery.maxBackoff"));
        }
        if (d.maxAge() != null) {
            b.maxAge(configDuration(d.maxAge(), "delivery.maxAge"));
        }
        if (d.concurrency() != null) {
            b.concurrency(d.concurrency());
        }
        if (d.lease() != null) {
            b.lease(configDuration(d.lease(), "delivery.lease"));
        }
        if (d.pollInterval() != null) {
            b.pollInterval(configDuration(d.pollInterval(), "delivery.pollInterval"));
        }
        b.sender(Boolean.FALSE.equals(d.worker()) ? null : sender);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static java.time.Duration configDuration(String text, String field) {
        try {
            if (text.matches("[0-9]{1,12}ms")) {
                return java.time.Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            return io.executions.api.json.Durations.parse(text, field);
        } catch (RuntimeException e) {
            throw new ConfigException(field + ": '" + text + "' is not a duration such as \"10s\" or \"500ms\"");
        }
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

    /**
     * The key that signs JWT payloads (docs/dispatch.md): {@code dispatch.jwtKey} (a private RSA JWK, also as
     * {@code {"env": ...}} or {@code {"file": ...}}), else the environment's {@code EXECUTIONS_JWT_KEY}, else a key
     * generated once and kept in the store {@code engine} opened, sealed with the key encryption key as signing
     * keys are, so its {@code kid} and JWKS stay the same across restarts and across processes sharing the store.
     */
    public JwtSigner jwtSigner(Executions engine, Map<String, String> environment) {
        if (dispatch != null && dispatch.jwtKey() != null) {
            return configuredJwt(dispatch.jwtKey(), "dispatch.jwtKey");
        }
        String fromEnvironment = environment.get(JWT_KEY_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return configuredJwt(fromEnvironment, JWT_KEY_ENV);
        }
        return JwtSigner.fromJwk(engine.storedSecret(STORED_JWT_KEY, () -> JwtSigner.generate().privateJwkJson()));
    }

    /**
     * The standalone server's dispatcher over {@code engine}: calls through {@code targets} (the config's deny
     * list), JWT payloads signed with {@link #jwtSigner}, {@code restAsync} calls stored as durable deliveries
     * when the engine has them (docs/delivery.md), else run in memory.
     */
    public Dispatcher dispatcher(Executions engine, TargetClient targets) {
        return dispatcherBuilder(engine, targets).build();
    }

    /** {@link #dispatcher}'s builder, for a caller that adds to it (the server adds its metrics). */
    public Dispatcher.Builder dispatcherBuilder(Executions engine, TargetClient targets) {
        Dispatcher.Builder builder = Dispatcher.builder().queries(engine.queries()).client(targets)
                .publicKeys(engine::publicKeys)
                .jwtSigner(jwtSigner(engine, System.getenv()));
        if (engine.hasDeliveries()) {
            builder.asyncSink(new DurableAsyncSink(engine.deliveries()));
        }
        return builder;
    }

    private JwtSigner configuredJwt(String jwk, String where) {
        try {
            return JwtSigner.fromJwk(jwk);
        } catch (IllegalArgumentException e) {
            // the message names the field, never the key
            throw new ConfigException(where + ": not a private RSA JWK (expected JSON such as {\"kty\": \"RSA\", "
                    + "\"n\": ..., \"e\": ..., \"d\": ..., ...})");
        }
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
