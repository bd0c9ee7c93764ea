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
import io.executions.runtime.DeliveryConfig;
import io.executions.runtime.DeliverySender;
import io.executions.runtime.Executions;
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
                           CatalogConfig catalog, Limits limits, Guard lockOutGuard, Delivery delivery,
                           Dispatch dispatch) {

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
     * SPEC section 12: {@code maxAttempts} (10), {@code initialBackoff} ("10s"), {@code maxBackoff} ("900s"),
     * optional {@code maxAge}, {@code concurrency} (8 attempts at once), {@code lease} ("300s", how long a
     * crashed server's claims block its deliveries), {@code pollInterval} ("500ms"), {@code worker} (true: this
     * server delivers; false: it only stores deliveries for another server to deliver).
     */
    /**
     * SPEC section 11: {@code denyList} (CIDR blocks and host names; absent: the default list, {@code []}: allow
     * everything) for every outbound call.
     */
    public record Dispatch(List<String> denyList) {
    }

    public record Delivery(Integer maxAttempts, String initialBackoff, String maxBackoff, String maxAge,
                           Integer concurrency, String lease, String pollInterval, Boolean worker) {
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
                List.of(new Token(token, "default", "admin", List.copyOf(new java.util.TreeSet<>(Permissions.ALL)))),
                new CatalogConfig(services,
                        List.of("session.added", "user.human.added", "user.human.changed", "user.human.removed",
                                "user.machine.added"),
                        List.of("preaccesstoken", "presamlresponse", "preuserinfo")),
                null, null, null, new Dispatch(List.of()));
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
                delivery == null ? new Delivery(null, null, null, null, null, null, null, null) : delivery,
                dispatch == null ? new Dispatch(null) : dispatch);
        filled.executionLimits();
        filled.deliveryConfig(call -> null);
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

    /** An engine builder with this file's storage, catalog, limits and lock-out guard, and the read models. */
    public Executions.Builder engineBuilder() {
        return Executions.builder()
                .storage(storageConfig())
                .catalog(staticCatalog())
                .limits(executionLimits())
                .lockOutGuard(guard())
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
