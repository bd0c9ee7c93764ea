package io.executions.server;

import io.executions.runtime.StorageConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The config file's {@code storage} section turned into the engine's {@link StorageConfig}. */
final class StorageSettings {
    private StorageSettings() {
    }

    static StorageConfig storageConfig(ServerConfig.Storage s) {
        String type = s.type() == null ? "" : s.type();
        return switch (type) {
            case "memory" -> StorageConfig.memory();
            case "h2" -> {
                if (s.path() == null || s.path().isBlank()) {
                    throw new ServerConfig.ConfigException(
                            "storage.path is required for storage type h2, e.g. ./data/executions");
                }
                yield StorageConfig.h2(Path.of(s.path()));
            }
            case "postgresql" -> {
                ServerConfig.Storage pg = withJdbcUrl(s);
                if (pg.url() == null || !pg.url().startsWith("jdbc:postgresql:")) {
                    throw new ServerConfig.ConfigException("storage.url is required for storage type postgresql, "
                            + "e.g. jdbc:postgresql://localhost:5432/executions or "
                            + "postgresql://localhost:5432/executions");
                }
                try {
                    yield StorageConfig.postgresql(pg.url(), pg.user(), pg.password());
                } catch (IllegalArgumentException e) {
                    throw new ServerConfig.ConfigException("storage: " + e.getMessage());
                }
            }
            default -> throw new ServerConfig.ConfigException(
                    "storage.type must be memory, h2 or postgresql, got '" + type + "'");
        };
    }

    /**
     * Accepts PostgreSQL's own URL form too ({@code postgresql://user:secret@host:5432/db}, as libpq and most
     * IAM servers' docs write it), turning it into the JDBC form; user and password in the URL are used only
     * when the fields are not set.
     */
    static ServerConfig.Storage withJdbcUrl(ServerConfig.Storage s) {
        String url = s.url();
        if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            return s;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ServerConfig.ConfigException("storage.url '" + url + "' is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new ServerConfig.ConfigException("storage.url '" + url
                    + "' names no host, e.g. postgresql://localhost:5432/db");
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
        return new ServerConfig.Storage(s.type(), s.path(), jdbc, user, password);
    }

    /** A human description of the store, for start-up lines and error messages; never with a password. */
    static String describe(ServerConfig.Storage storage) {
        return switch (storage.type()) {
            case "memory" -> "in memory (nothing survives a restart)";
            case "h2" -> "H2 file store " + Path.of(storage.path()).toAbsolutePath().normalize();
            default -> "PostgreSQL " + withJdbcUrl(storage).url();
        };
    }
}
