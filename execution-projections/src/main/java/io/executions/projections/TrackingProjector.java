package io.executions.projections;

import io.executions.domain.api.ExecutionsEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

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

    /** Every event of this library; the sealed interface keeps the list of types in one place. */
    @EventHandler
    void on(ExecutionsEvent event, EventMessage<?> message) {
        models.apply(message);
        if (message instanceof TrackedEventMessage<?> tracked) {
            models.trackedUpTo(tracked.trackingToken());
        }
    }
}
