package io.executions.spring;

import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.ApiRequest;
import io.executions.api.Permissions;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ExecutionsAutoConfiguration.class))
            .withPropertyValues("executions.storage.type=memory");

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void propertiesBindIntoTheEngineTheCatalogAndTheDispatcher() {
        runner.withPropertyValues(
                        "executions.catalog.services[spring.authorization.v1.OAuth2Service]=Token,Authorize",
                        "executions.catalog.events=user.human.added",
                        "executions.catalog.functions=preaccesstoken,preuserinfo",
                        "executions.limits.max-include-depth=5",
                        "executions.limits.max-entries=7",
                        "executions.dispatch.deny-list=10.0.0.0/8,metadata.internal",
                        "executions.delivery.max-attempts=3",
                        "executions.delivery.initial-backoff=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Executions engine = context.getBean(Executions.class);
                    assertThat(engine.catalog().methods()).containsExactly(
                            "/spring.authorization.v1.OAuth2Service/Authorize",
                            "/spring.authorization.v1.OAuth2Service/Token");
                    assertThat(engine.catalog().functions()).containsExactly("preaccesstoken", "preuserinfo");
                    assertThat(engine.limits().maxIncludeDepth()).isEqualTo(5);
                    assertThat(engine.limits().maxEntries()).isEqualTo(7);
                    assertThat(engine.deliveries().config().maxAttempts()).isEqualTo(3);
                    assertThat(engine.deliveries().config().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(context.getBean(TargetClient.class).denyList().entries())
                            .containsExactly("10.0.0.0/8", "metadata.internal");
                    assertThat(context).hasSingleBean(Dispatcher.class);
                    assertThat(engine.isCaughtUp()).isTrue();
                });
    }

    @Test
    void aWrongPropertyFailsTheStartNamingIt() {
        runner.withPropertyValues("executions.limits.max-entries=0").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class);
            assertThat(((InvalidConfigurationPropertyValueException) root).getName())
                    .isEqualTo("executions.limits.max-entries");
            assertThat(root.getMessage()).contains("executions.limits.max-entries");
        });
    }

    @Test
    void anUnknownStorageTypeFailsTheBindingNamingTheProperty() {
        runner.withPropertyValues("executions.storage.type=mongo").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'executions.storage.type'")
                    .hasStackTraceContaining("[mongo]");
        });
    }

    @Test
    void aDeliverySettingTheEngineRefusesIsReportedUnderItsPropertyName() {
        runner.withPropertyValues("executions.delivery.poll-interval=0s").run(context -> {
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(((InvalidConfigurationPropertyValueException) root).getName())
                    .isEqualTo("executions.delivery.poll-interval");
        });
    }

    @Test
    void aMalformedKeyEncryptionKeyIsNamedButNeverEchoed() {
        runner.withPropertyValues("executions.dispatch.key-encryption-key=not-a-secret-key").run(context -> {
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(((InvalidConfigurationPropertyValueException) root).getName())
                    .isEqualTo("executions.dispatch.key-encryption-key");
            assertThat(root.getMessage()).doesNotContain("not-a-secret-key");
        });
    }

    @Test
    void aJwtKeyThatIsNoPrivateJwkIsNamedButNeverEchoed() {
        runner.withPropertyValues("executions.dispatch.jwt-key={\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}").run(context -> {
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(((InvalidConfigurationPropertyValueException) root).getName())
                    .isEqualTo("executions.dispatch.jwt-key");
            assertThat(root.getMessage()).doesNotContain("c2VjcmV0");
        });
    }

    @Test
    void aDatasourceStoreWithoutAHostDataSourceFailsNamingTheStorageType() {
        runner.withPropertyValues("executions.storage.type=datasource").run(context -> {
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(((InvalidConfigurationPropertyValueException) root).getName())
                    .isEqualTo("executions.storage.type");
        });
    }

    @Test
    void aDatasourceStoreWritesIntoTheHostsDatabase() {
        JdbcDataSource pool = new JdbcDataSource();
        pool.setURL("jdbc:h2:mem:starter-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        runner.withPropertyValues("executions.storage.type=datasource")
                .withBean(DataSource.class, () -> pool)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Executions engine = context.getBean(Executions.class);
                    createTarget(engine);
                    try (var c = pool.getConnection(); var st = c.createStatement();
                         var rs = st.executeQuery("SELECT COUNT(*) FROM domainevententry")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(1);
                    }
                });
    }

    @Test
    void anH2StoreKeepsItsKeyEncryptionKeyBesideTheFileSoARestartDecrypts(@TempDir Path dir) {
        ApplicationContextRunner h2 = runner.withPropertyValues("executions.storage.type=h2",
                "executions.storage.path=" + dir.resolve("executions"));
        h2.run(context -> createTarget(context.getBean(Executions.class)));
        assertThat(Files.exists(dir.resolve("executions.kek"))).isTrue();
        h2.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Executions.class).queries()
                    .target(InstanceId.of("default"), TargetId.of("t1"))).isPresent();
        });
    }

    @Test
    void aPostgresqlStoreFromTheProperties() throws Exception {
        String url = System.getenv("EXECUTIONS_PG_URL");
        if (url == null && "true".equals(System.getenv("EXECUTIONS_PG_REQUIRED"))) {
            throw new IllegalStateException("EXECUTIONS_PG_REQUIRED=true but EXECUTIONS_PG_URL is not set");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, "PostgreSQL test skipped: EXECUTIONS_PG_URL unset");
        String user = System.getenv("EXECUTIONS_PG_USER");
        String password = System.getenv("EXECUTIONS_PG_PASSWORD");
        String schema = "starter_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = java.sql.DriverManager.getConnection(url, user, password); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        runner.withPropertyValues("executions.storage.type=postgresql",
                        "executions.storage.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                        "executions.storage.user=" + user, "executions.storage.password=" + password)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    createTarget(context.getBean(Executions.class));
                    assertThat(context.getBean(Executions.class).eventCount()).isEqualTo(1);
                });
    }

    @Test
    void aPostgresqlStoreWithoutAUrlFailsNamingIt() {
        runner.withPropertyValues("executions.storage.type=postgresql").run(context -> {
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(((InvalidConfigurationPropertyValueException) root).getName()).isEqualTo("executions.storage.url");
        });
    }

    @Test
    void theEngineClosesWithTheContext() {
        Executions[] engine = new Executions[1];
        runner.run(context -> {
            engine[0] = context.getBean(Executions.class);
            assertThat(engine[0].isCaughtUp()).isTrue();
        });
        assertThat(engine[0].isCaughtUp()).isFalse();
        assertThatThrownBy(() -> createTarget(engine[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aHostBeanReplacesTheDefault() {
        StaticCatalog own = new StaticCatalog(Map.of("host.v1.Own", List.of("Do")), List.of(), List.of());
        runner.withBean(Catalog.class, () -> own).run(context -> {
            assertThat(context.getBean(Catalog.class)).isSameAs(own);
            assertThat(context.getBean(Executions.class).catalog()).isSameAs(own);
        });
    }

    @Test
    void aHostsMeterRegistryReceivesTheEnginesMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).run(context -> {
            createTarget(context.getBean(Executions.class));
            assertThat(registry.getMeters()).isNotEmpty();
            assertThat(registry.find("executions.deliveries.pending").gauge()).isNotNull();
        });
    }

    @Test
    void theHealthIndicatorIsUpOnceCaughtUpAndOnlyExistsWithActuatorHealth() {
        runner.run(context -> {
            HealthIndicator health = context.getBean("executionsHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        });
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean("executionsHealthIndicator"));
    }

    @Test
    void theAdminApiExistsOnceTheHostSaysWhoCalls() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ExecutionsHttpApi.class));
        CallerAuthenticator admin = header -> Optional.of(
                new Caller(InstanceId.of("default"), "admin", Permissions.ALL));
        runner.withPropertyValues("executions.catalog.functions=preaccesstoken")
                .withBean(CallerAuthenticator.class, () -> admin).run(context -> {
                    var answer = context.getBean(ExecutionsHttpApi.class)
                            .handle(ApiRequest.of("GET", "/v2beta/actions/executions/functions", "Bearer x", null));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.bodyText()).contains("preaccesstoken");
                });
    }

    @Test
    void disabledMeansNoBeans() {
        runner.withPropertyValues("executions.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Executions.class));
    }

    private static void createTarget(Executions engine) {
        engine.createTarget(new CreateTarget(InstanceId.of("default"), TargetId.of("t1"), "hook",
                TargetType.REST_WEBHOOK, false, "https://hooks.example.com/x", Duration.ofSeconds(5), "admin"));
    }
}
