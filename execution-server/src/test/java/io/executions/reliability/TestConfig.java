package io.executions.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.api.Permissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The server config file the reliability tests use: instances {@code i1} and {@code i2} with actions on,
 * {@code i3} with actions off; an admin token per instance, a token without permissions, and for each
 * permission a token of {@code i1} that has every permission but that one.
 */
final class TestConfig {
    static final String ADMIN = "admin-i1";
    static final String ADMIN_I2 = "admin-i2";
    static final String ADMIN_I3_NO_ACTIONS = "admin-i3";
    static final String NOBODY = "nobody-i1";
    static final String SERVICE = "test.v1.Svc";
    static final int METHODS = 50;
    static final List<String> GUARDED_SERVICES = List.of("zitadel.action.v2beta.ActionService",
            "zitadel.action.v2.ActionService");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestConfig() {
    }

    static String without(String permission) {
        return "all-but-" + permission;
    }

    static String memoryStorage() {
        return "{\"type\": \"memory\"}";
    }

    static String h2Storage(java.nio.file.Path path) {
        return "{\"type\": \"h2\", \"path\": " + quote(path.toString()) + "}";
    }

    static String postgresStorage(String url, String user, String password) {
        return "{\"type\": \"postgresql\", \"url\": " + quote(url) + ", \"user\": " + quote(user)
                + ", \"password\": " + quote(password) + "}";
    }

    /** The config with the given storage, listening on a free loopback port, lock-out guard as given. */
    static String json(String storage, boolean lockOutOptIn) {
        List<String> tokens = new ArrayList<>();
        String all = strings(new TreeSet<>(Permissions.ALL));
        tokens.add(token(ADMIN, "i1", all));
        tokens.add(token(ADMIN_I2, "i2", all));
        tokens.add(token(ADMIN_I3_NO_ACTIONS, "i3", all));
        tokens.add(token(NOBODY, "i1", "[]"));
        for (String permission : new TreeSet<>(Permissions.ALL)) {
            TreeSet<String> others = new TreeSet<>(Permissions.ALL);
            others.remove(permission);
            tokens.add(token(without(permission), "i1", strings(others)));
        }
        List<String> methods = new ArrayList<>();
        for (int i = 0; i < METHODS; i++) {
            methods.add("M" + i);
        }
        String actionMethods = strings(List.of("SetExecution", "CreateTarget", "ListExecutions", "ListTargets"));
        return "{\"listen\": \"127.0.0.1:0\",\n"
                + " \"storage\": " + storage + ",\n"
                + " \"instances\": [{\"id\": \"i1\", \"features\": {\"actions\": true}},"
                + " {\"id\": \"i2\", \"features\": {\"actions\": true}},"
                + " {\"id\": \"i3\", \"features\": {\"actions\": false}}],\n"
                + " \"tokens\": [" + String.join(",\n  ", tokens) + "],\n"
                + " \"catalog\": {\"services\": {" + quote(SERVICE) + ": " + strings(methods) + ",\n"
                + "   \"zitadel.session.v2.SessionService\": [\"ListSessions\", \"GetSession\"],\n"
                + "   \"zitadel.action.v2beta.ActionService\": " + actionMethods + ",\n"
                + "   \"zitadel.action.v2.ActionService\": " + actionMethods + "},\n"
                + "  \"events\": [\"user.human.added\", \"user.human.changed\", \"session.added\"],\n"
                + "  \"functions\": [\"preuserinfo\", \"preaccesstoken\"]},\n"
                + " \"limits\": {\"maxIncludeDepth\": 3, \"maxEntries\": 100},\n"
                + " \"lockOutGuard\": {\"services\": " + strings(GUARDED_SERVICES) + ", \"optIn\": " + lockOutOptIn
                + "}}\n";
    }

    static String method(int i) {
        return "/" + SERVICE + "/M" + i;
    }

    static String requestMethod(int i) {
        return "{\"request\": {\"method\": " + quote(method(i)) + "}}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String strings(Iterable<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(quote(v)));
        return "[" + String.join(", ", quoted) + "]";
    }

    private static String token(String token, String instance, String permissions) {
        return "{\"token\": " + quote(token) + ", \"instance\": " + quote(instance) + ", \"user\": "
                + quote("user-" + token) + ", \"permissions\": " + permissions + "}";
    }
}
