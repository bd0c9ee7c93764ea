package io.executions.server;

import io.executions.api.Caller;
import io.executions.api.Permissions;
import io.executions.domain.api.InstanceId;
import io.executions.runtime.StorageConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/contract.md ("Transports and the standalone server")'s config file: what it accepts, and that every mistake names the field to fix. */
class ServerConfigTest {
    private static ServerConfig parse(String json) {
        return ServerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config.json");
    }

    @Test
    void theSpecsExampleIsAccepted() {
        ServerConfig config = parse("""
                {"listen": "127.0.0.1:8080",
                 "storage": {"type": "h2", "path": "./data/executions"},
                 "instances": [{"id": "i1", "features": {"actions": true}}],
                 "tokens": [{"token": "s3cret", "instance": "i1", "user": "u1",
                             "permissions": ["action.execution.write", "action.execution.read",
                                             "action.target.write", "action.target.read", "action.target.delete"]}],
                 "catalog": {"services": {"zitadel.session.v2.SessionService": ["ListSessions", "GetSession"]},
                             "events": ["user.human.added"], "functions": ["preuserinfo"]},
                 "limits": {"maxIncludeDepth": 3, "maxEntries": 100},
                 "lockOutGuard": {"services": ["zitadel.action.v2beta.ActionService", "zitadel.action.v2.ActionService"],
                                  "optIn": false}}
                """);
        assertThat(config.storageConfig()).isInstanceOf(StorageConfig.H2.class);
        assertThat(config.staticCatalog().hasMethod("/zitadel.session.v2.SessionService/ListSessions")).isTrue();
        assertThat(config.features().actionsEnabled(InstanceId.of("i1"))).isTrue();
        assertThat(config.features().actionsEnabled(InstanceId.of("other"))).isTrue();
        Caller caller = config.authenticator().authenticate("Bearer s3cret").orElseThrow();
        assertThat(caller.instance()).isEqualTo(InstanceId.of("i1"));
        assertThat(caller.user()).isEqualTo("u1");
        assertThat(caller.permissions()).containsExactlyInAnyOrder(Permissions.EXECUTION_WRITE,
                Permissions.EXECUTION_READ, Permissions.TARGET_WRITE, Permissions.TARGET_READ, Permissions.TARGET_DELETE);
        assertThat(config.authenticator().authenticate("Bearer s3cre")).isEmpty();
        assertThat(config.guard().guards("/zitadel.action.v2.ActionService/SetExecution")).isTrue();
    }

    @Test
    void theDevelopmentDefaultsHaveOneAdminTokenWithAllPermissionsOnAnH2Store() {
        ServerConfig.Development dev = ServerConfig.development();
        assertThat(dev.config().listen()).isEqualTo("127.0.0.1:8080");
        assertThat(dev.config().storageConfig()).isInstanceOf(StorageConfig.H2.class);
        Caller admin = dev.config().authenticator().authenticate("Bearer " + dev.adminToken()).orElseThrow();
        assertThat(admin.instance()).isEqualTo(InstanceId.of("default"));
        assertThat(admin.permissions()).isEqualTo(Permissions.ALL);
        assertThat(dev.config().features().actionsEnabled(InstanceId.of("default"))).isTrue();
        assertThat(dev.config().staticCatalog().functions()).contains("preuserinfo", "preaccesstoken");
        assertThat(ServerConfig.development().adminToken()).isNotEqualTo(dev.adminToken());
    }

    @Test
    void mistakesAreRefusedNamingWhatToFix() {
        assertThatThrownBy(() -> parse("{\"listen\": 8080}")).hasMessageContaining("'listen'");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"mysql\"}}"))
                .hasMessageContaining("storage.type must be memory, h2 or postgresql");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"postgresql\"}}"))
                .hasMessageContaining("storage.url is required");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"tokens\": [{\"token\": \"t\"}]}"))
                .hasMessageContaining("tokens[0].instance is required");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"limits\": {\"maxEntries\": 0}}"))
                .hasMessageContaining("limits: maxEntries");
        assertThatThrownBy(() -> parse("{\"listen\": \"127.0.0.1\"}")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\", \"dir\": \"x\"}}"))
                .hasMessageContaining("unknown field 'dir'");
        assertThatThrownBy(() -> parse("{\"listen\": \"127.0.0.1:1\", \"listen\": \"127.0.0.1:2\"}"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aPostgresqlUrlInLibpqFormIsTurnedIntoItsJdbcFormWithTheUserAndPasswordItCarries() {
        ServerConfig config = parse("{\"storage\": {\"type\": \"postgresql\", "
                + "\"url\": \"postgresql://exec:s3cret@db.example.com:5433/executions?sslmode=require\"}}");
        assertThat(config.storageConfig()).isEqualTo(new StorageConfig.PostgreSql(
                "jdbc:postgresql://db.example.com:5433/executions?sslmode=require", "exec", "s3cret"));
        assertThat(config.storageDescription()).doesNotContain("s3cret");
    }

    @Test
    void theUserAndPasswordFieldsWinOverTheOnesInTheUrl() {
        ServerConfig config = parse("{\"storage\": {\"type\": \"postgresql\", \"url\": \"postgres://a:b@localhost/db\","
                + " \"user\": \"u\", \"password\": \"p\"}}");
        assertThat(config.storageConfig()).isEqualTo(new StorageConfig.PostgreSql("jdbc:postgresql://localhost/db", "u", "p"));
    }

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        ServerConfig config = parse("{\"storage\": {\"type\": \"postgresql\", "
                + "\"url\": \"jdbc:postgresql://localhost:5432/x\", \"user\": \"u\", \"password\": \"p\"}}");
        assertThat(config.storageConfig()).isEqualTo(new StorageConfig.PostgreSql("jdbc:postgresql://localhost:5432/x", "u", "p"));
    }

    @Test
    void aTokenAndThePasswordMayComeFromEnvironmentVariables() {
        Secret.environment = name -> switch (name) {
            case "EXEC_TOKEN" -> "from-env";
            case "PGPASS" -> "pg-secret";
            default -> null;
        };
        try {
            ServerConfig config = parse("{\"storage\": {\"type\": \"postgresql\", \"url\": \"jdbc:postgresql://h/db\", "
                    + "\"user\": \"u\", \"password\": {\"env\": \"PGPASS\"}}, \"instances\": [{\"id\": \"i1\"}], "
                    + "\"tokens\": [{\"token\": {\"env\": \"EXEC_TOKEN\"}, \"instance\": \"i1\"}]}");
            assertThat(config.storageConfig()).isEqualTo(new StorageConfig.PostgreSql("jdbc:postgresql://h/db", "u",
                    "pg-secret"));
            assertThat(config.authenticator().authenticate("Bearer from-env")).isPresent();
            assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"tokens\": [{\"token\": "
                    + "{\"env\": \"UNSET_VARIABLE\"}, \"instance\": \"i1\"}]}"))
                    .hasMessageContaining("'tokens[0].token'").hasMessageContaining("UNSET_VARIABLE is not set");
        } finally {
            Secret.environment = System::getenv;
        }
    }

    @Test
    void aSecretMayComeFromAFileWithItsTrailingLineBreakDropped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("pg-password");
        java.nio.file.Files.writeString(file, "file-secret\n");
        ServerConfig config = parse("{\"storage\": {\"type\": \"postgresql\", \"url\": \"jdbc:postgresql://h/db\", "
                + "\"user\": \"u\", \"password\": {\"file\": " + RunningServerQuote.quote(file.toString()) + "}}}");
        assertThat(config.storageConfig()).isEqualTo(new StorageConfig.PostgreSql("jdbc:postgresql://h/db", "u",
                "file-secret"));
        assertThat(config.storage().toString()).doesNotContain("file-secret");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"postgresql\", \"url\": \"jdbc:postgresql://h/db\", "
                + "\"password\": {\"file\": \"/does/not/exist\"}}}"))
                .hasMessageContaining("'storage.password'").hasMessageContaining("/does/not/exist");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\", \"password\": {\"vault\": \"x\"}}}"))
                .hasMessageContaining("'storage.password'").hasMessageContaining("{\"env\": \"VARIABLE\"}");
    }

    @Test
    void remarksOnAValidFileAreNotesNotPrintedByTheConfig() {
        ServerConfig config = parse("{\"storage\": {\"type\": \"memory\"}, \"instances\": [{\"id\": \"i1\"}], "
                + "\"tokens\": [{\"token\": \"t\", \"instance\": \"other\", \"permissions\": [\"iam.owner\"]}]}");
        assertThat(config.notes()).hasSize(2);
        assertThat(config.notes().get(0)).contains("tokens[0].instance 'other'");
        assertThat(config.notes().get(1)).contains("'iam.owner' grants nothing");
    }

    @Test
    void theHttpSectionSetsTheServersLimitsAndRefusesBadOnesNamingTheField() {
        ServerConfig config = parse("{\"storage\": {\"type\": \"memory\"}, \"http\": {\"requestTimeout\": \"5s\", "
                + "\"idleTimeout\": \"1.5s\", \"maxConnections\": 10, \"threads\": 3}}");
        assertThat(config.serverLimits().requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(config.serverLimits().idleTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(config.serverLimits().maxConnections()).isEqualTo(10);
        assertThat(config.serverLimits().blockingThreads()).isEqualTo(3);
        assertThat(parse("{\"storage\": {\"type\": \"memory\"}}").serverLimits()).isEqualTo(ServerLimits.DEFAULTS);
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"http\": {\"idleTimeout\": \"soon\"}}"))
                .hasMessageContaining("http.idleTimeout");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"http\": {\"maxRequestBytes\": 1000}}"))
                .hasMessageContaining("http: maxRequestLength");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"http\": {\"maxConnection\": 1}}"))
                .hasMessageContaining("unknown field 'maxConnection'");
    }

    @Test
    void theMetricsSectionTurnsTheEndpointOffOrGuardsItWithAScrapeToken() {
        assertThat(ServerMetrics.of(parse("{\"storage\": {\"type\": \"memory\"}}"))).isNotNull();
        assertThat(ServerMetrics.of(parse("{\"storage\": {\"type\": \"memory\"}, \"metrics\": {\"enabled\": false}}")))
                .isNull();
        ServerConfig guarded = parse("{\"storage\": {\"type\": \"memory\"}, \"metrics\": {\"token\": \"m\"}}");
        assertThat(guarded.metrics().token()).isEqualTo("m");
        assertThat(guarded.metrics().toString()).doesNotContain("m]").contains("***");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"metrics\": {\"token\": \" \"}}"))
                .hasMessageContaining("metrics.token");
        assertThatThrownBy(() -> parse("{\"storage\": {\"type\": \"memory\"}, \"metrics\": {\"tokn\": \"m\"}}"))
                .hasMessageContaining("unknown field 'tokn'");
    }

    /** JSON string quoting for paths in the tests' config text. */
    private static final class RunningServerQuote {
        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
