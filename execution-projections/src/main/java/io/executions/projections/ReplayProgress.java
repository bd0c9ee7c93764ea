package io.executions.projections;

/** Progress of a long replay; called every few thousand events and at the end. */
@FunctionalInterface
public interface ReplayProgress {
    ReplayProgress NONE = (done, total) -> {
    };

    /** @param total the number of events to replay, or -1 when unknown */
    void progress(long done, long total);
}
