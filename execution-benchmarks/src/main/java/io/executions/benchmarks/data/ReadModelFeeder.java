package io.executions.benchmarks.data;

import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;

/** Builds read models the way the runtime does: by handing events to the annotated live projector. */
public final class ReadModelFeeder {
    private ReadModelFeeder() {
    }

    public static ReadModels build(Dataset dataset, LockOutGuard guard) {
        ReadModels models = new ReadModels(guard);
        AnnotationEventHandlerAdapter projector = new AnnotationEventHandlerAdapter(models.liveProjector());
        dataset.forEachEvent(event -> handle(projector, event));
        return models;
    }

    /** Hands one event to an annotated projector, outside any unit of work (so it applies at once). */
    public static void handle(AnnotationEventHandlerAdapter projector, EventMessage<?> event) {
        try {
            projector.handle(event);
        } catch (Exception e) {
            throw new IllegalStateException("the projector refused " + event.getPayloadType().getSimpleName(), e);
        }
    }
}
