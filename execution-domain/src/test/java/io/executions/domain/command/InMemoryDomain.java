package io.executions.domain.command;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.ExecutionLimits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.lifecycle.Phase;

import java.time.Clock;

/**
 * The domain wired on Axon with an in-memory store, the in-memory lookup and lock: the smallest real
 * configuration, for tests of command sequences across aggregates.
 */
final class InMemoryDomain implements AutoCloseable {
    private final Configuration configuration;

    InMemoryDomain(Catalog catalog, ExecutionLimits limits, Clock clock) {
        InMemoryCommandSideLookup lookup = new InMemoryCommandSideLookup();
        InMemoryInstanceLock lock = new InMemoryInstanceLock();
        org.axonframework.config.Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Execution.class))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Target.class))
                .registerComponent(Catalog.class, c -> catalog)
                .registerComponent(ExecutionLimits.class, c -> limits)
                .registerComponent(CommandSideLookup.class, c -> lookup)
                .registerComponent(SigningKeyGenerator.class, c -> SigningKeyGenerator.secureRandom())
                .registerComponent(EndpointPolicy.class, c -> EndpointPolicy.ALLOW_ALL)
                .registerComponent(Clock.class, c -> clock)
                .eventProcessing(ep -> ep
                        .registerSubscribingEventProcessor(CommandSideLookupProjector.PROCESSING_GROUP)
                        .registerListenerInvocationErrorHandler(CommandSideLookupProjector.PROCESSING_GROUP,
                                c -> PropagatingErrorHandler.instance())
                        .registerEventHandler(c -> new CommandSideLookupProjector(lookup)));
        configurer.onInitialize(cfg -> cfg.onStart(Phase.INSTRUCTION_COMPONENTS + 1, () ->
                cfg.commandBus().registerHandlerInterceptor(new InstanceSerializingInterceptor(lock))));
        configuration = configurer.start();
    }

    CommandGateway commands() {
        return configuration.commandGateway();
    }

    EventStore eventStore() {
        return configuration.eventStore();
    }

    @Override
    public void close() {
        configuration.shutdown();
    }
}
