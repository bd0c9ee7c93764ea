package io.executions.projections;

import io.executions.domain.api.ExecutionsEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Feeds the read models from a subscribing processor, inside the command's unit of work. The change is
 * applied when that unit of work commits (so a rolled-back command leaves no trace) and before the command
 * returns (so resolution in this process reflects an acknowledged write at once: ZITADEL issue 12185).
 */
@ProcessingGroup(LiveProjector.PROCESSING_GROUP)
public final class LiveProjector {
    public static final String PROCESSING_GROUP = "read-models-live";
    private final ReadModels models;

    LiveProjector(ReadModels models) {
        this.models = models;
    }

    /** Every event of this library; the sealed interface keeps the list of types in one place. */
    @EventHandler
    void on(ExecutionsEvent event, EventMessage<?> message) {
        deliver(message);
    }

    private void deliver(EventMessage<?> message) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> models.apply(message));
        } else {
            models.apply(message);
        }
    }
}
