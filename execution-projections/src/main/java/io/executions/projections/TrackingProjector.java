package io.executions.projections;

import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetRemoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;

/**
 * Feeds the read models from a streaming processor: replays the store on start and brings the writes of
 * other processes sharing it. Events the live projector applied already are skipped by sequence number.
 */
@ProcessingGroup(TrackingProjector.PROCESSING_GROUP)
public final class TrackingProjector {
    public static final String PROCESSING_GROUP = "read-models-tracking";
    private final ReadModels models;

    TrackingProjector(ReadModels models) {
        this.models = models;
    }

    @EventHandler
    void on(ExecutionSet event, EventMessage<?> message) {
        models.apply(message);
    }

    @EventHandler
    void on(ExecutionCleared event, EventMessage<?> message) {
        models.apply(message);
    }

    @EventHandler
    void on(TargetAdded event, EventMessage<?> message) {
        models.apply(message);
    }

    @EventHandler
    void on(TargetChanged event, EventMessage<?> message) {
        models.apply(message);
    }

    @EventHandler
    void on(TargetRemoved event, EventMessage<?> message) {
        models.apply(message);
    }
}
