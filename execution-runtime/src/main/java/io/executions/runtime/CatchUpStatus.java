package io.executions.runtime;

/**
 * How far the read models are behind the store (BENCHMARKS.md "Scale goals": a restart says how far it is while it
 * catches up). For {@code /healthz} and the log.
 *
 * @param caughtUp         the read models have reached the end of the store at least once since start
 * @param position         the global index of the last event the read models took from the store, -1 if none
 * @param head             the global index of the newest stored event, -1 for an empty store
 * @param fromSnapshot     the read models were loaded from a snapshot at start (else replayed from the start)
 * @param snapshotPosition the global index the loaded snapshot held, -1 without one
 */
public record CatchUpStatus(boolean caughtUp, long position, long head, boolean fromSnapshot,
                            long snapshotPosition) {

    /** Events still to replay (0 once caught up or when unknown). */
    public long behind() {
        return caughtUp || head < 0 ? 0 : Math.max(0, head - Math.max(position, snapshotPosition));
    }
}
