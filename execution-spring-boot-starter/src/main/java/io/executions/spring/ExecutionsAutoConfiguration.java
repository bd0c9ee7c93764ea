package io.executions.spring;

import io.executions.api.CallerAuthenticator;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.InstanceFeatures;
import io.executions.api.delivery.DurableAsyncSink;
import io.executions.api.delivery.TargetClientSender;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.DispatchMetrics;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.EndpointGuard;
import io.executions.dispatch.HostResolver;
import io.executions.dispatch.JwtSigner;
import io.executions.dispatch.SigningKeySource;
import io.executions.dispatch.TargetClient;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.StaticCatalog;
import io.executions.runtime.Executions;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the executions engine of a Spring Boot host from {@code executions.*} ({@link ExecutionsProperties}):
 * the {@link Executions} engine (closed with the context), one pooled {@link TargetClient} with the deny list,
 * the {@link Dispatcher} that runs targets for the host's hooks, Micrometer metrics when the host has a
 * {@link MeterRegistry}, a health indicator when actuator's health is on the class path, and the admin REST
 * adapter {@link ExecutionsHttpApi} once the host says who calls (a {@link CallerAuthenticator} bean). Every
 * bean backs off when the host defines its own of the same type.
 */
@AutoConfiguration
@ConditionalOnClass(Executions.class)
@ConditionalOnProperty(prefix = "executions", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ExecutionsProperties.class)
public class ExecutionsAutoConfiguration {
    /** How long the start waits for the read models to catch up with the store before failing. */
    static final Duration START_CATCH_UP = Duration.ofMinutes(10);
    /**
     * The dispatcher built below, for the delivery worker's JWT and JWE payloads: the engine (and its sender)
     * comes first, so deliveries to such targets are retried until it is set. A host that defines its own
     * Dispatcher bean and delivers to JWT/JWE targets builds its own engine too.
     */
    private final java.util.concurrent.atomic.AtomicReference<Dispatcher> dispatcher =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** The one HTTP client of every target call (dispatcher and delivery worker), with the deny list at call time. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TargetClient executionsTargetClient(ExecutionsProperties properties) {
        return TargetClient.builder().denyList(ExecutionsSettings.denyList(properties)).build();
    }

    /** The host's catalog from {@code executions.catalog.*}; a host with a dynamic catalog defines its own bean. */
    @Bean
    @ConditionalOnMissingBean
    public Catalog executionsCatalog(ExecutionsProperties properties) {
        ExecutionsProperties.Catalog c = properties.getCatalog();
        Map<String, List<String>> services = new LinkedHashMap<>();
        c.getServices().forEach((service, methods) -> services.put(service, List.copyOf(methods)));
        return new StaticCatalog(services, List.copyOf(c.getEvents()), List.copyOf(c.getFunctions()));
    }

    /** The engine, started and caught up with its store; closed when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Executions executions(ExecutionsProperties properties, Catalog catalog, TargetClient targetClient,
                                 ObjectProvider<DataSource> dataSource, ObjectProvider<MeterRegistry> meterRegistry) {
        ExecutionsSettings.validate(properties);
        Executions.Builder builder = Executions.builder()
                .storage(ExecutionsSettings.storage(properties, dataSource.getIfAvailable()))
                .catalog(catalog)
                .limits(ExecutionsSettings.limits(properties))
                .lockOutGuard(ExecutionsSettings.lockOutGuard(properties))
                .endpointPolicy(new EndpointGuard(targetClient.denyList(), HostResolver.system()))
                .keyEncryption(ExecutionsSettings.keyCipher(properties, System.getenv()));
        if (properties.getNodeId() != null && !properties.getNodeId().isBlank()) {
            builder.nodeId(properties.getNodeId());
        }
        if (properties.getDelivery().isEnabled()) {
            builder.delivery(ExecutionsSettings.delivery(properties,
                    new TargetClientSender(targetClient, SigningKeySource.AS_STORED, dispatcher::get)));
        }
        MeterRegistry registry = meterRegistry.getIfAvailable();
        if (registry != null) {
            builder.meterRegistry(registry);
        }
        Executions engine = builder.build();
        if (!engine.awaitCaughtUp(START_CATCH_UP)) {
            engine.close();
            throw new IllegalStateException("the executions read models did not catch up with the store within "
                    + START_CATCH_UP.toMinutes() + " minutes");
        }
        return engine;
    }

    /**
     * Runs the resolved targets for the host's hooks (servlet filter, gRPC interceptor, functions, events):
     * restAsync targets take the durable path when delivery is on; JWT payloads are signed with
     * {@code executions.dispatch.jwt-key} or a key made at start (its JWKS is {@link Dispatcher#jwksJson()}); JWE
     * payloads are encrypted to the target's registered public key.
     */
    @Bean
    @ConditionalOnMissingBean
    public Dispatcher executionsDispatcher(Executions executions, TargetClient targetClient,
                                           ExecutionsProperties properties,
                                           ObjectProvider<MeterRegistry> meterRegistry) {
        Dispatcher.Builder builder = Dispatcher.builder()
                .queries(executions.queries())
                .client(targetClient)
                .publicKeys(executions::publicKeys)
                .jwtSigner(ExecutionsSettings.jwtSigner(properties))
                .maxAsyncInFlight(properties.getDispatch().getMaxAsyncInFlight());
        if (executions.hasDeliveries()) {
            builder.asyncSink(new DurableAsyncSink(executions.deliveries()));
        }
        MeterRegistry registry = meterRegistry.getIfAvailable();
        if (registry != null) {
            builder.metrics(new DispatchMetrics(registry));
        }
        Dispatcher built = builder.build();
        dispatcher.set(built);
        return built;
    }

    /**
     * The admin REST adapter (docs/contract.md), once the host tells who calls. The host mounts it under its
     * own security (see the authorization-server example).
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(CallerAuthenticator.class)
    public ExecutionsHttpApi executionsHttpApi(Executions executions, CallerAuthenticator authenticator,
                                               ObjectProvider<InstanceFeatures> features, Dispatcher dispatcher) {
        ExecutionsHttpApi api = new ExecutionsHttpApi(executions, authenticator,
                features.getIfAvailable(InstanceFeatures::allEnabled));
        api.service().withDispatcher(dispatcher);
        return api;
    }

    /** Only when the host has actuator's health on its class path (an optional dependency of this module). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class ExecutionsHealthConfiguration {
        /** UP once the read models have caught up with the store, OUT_OF_SERVICE while they catch up or after close. */
        @Bean
        @ConditionalOnMissingBean(name = "executionsHealthIndicator")
        HealthIndicator executionsHealthIndicator(Executions executions) {
            return () -> {
                var status = executions.catchUp();
                Health.Builder health = status.caughtUp() ? Health.up() : Health.outOfService();
                return health.withDetail("position", status.position())
                        .withDetail("head", status.head())
                        .withDetail("fromSnapshot", status.fromSnapshot())
                        .build();
            };
        }
    }
}
