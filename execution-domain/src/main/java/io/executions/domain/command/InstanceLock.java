package io.executions.domain.command;

import io.executions.domain.api.InstanceId;

/**
 * Serializes the commands of one instance. Rules 8 to 12 read several aggregates' state; two writers
 * checking concurrently could each pass and together commit a cycle (write skew). Every command takes
 * its instance's lock before its aggregate is loaded and holds it until its unit of work has committed
 * or rolled back. An in-process lock covers one JVM; the JDBC implementation locks a row of the shared
 * database, which covers every process on that store.
 */
public interface InstanceLock {
    /** Takes the lock of {@code instance} for the current unit of work; released when it ends. */
    void acquire(InstanceId instance);
}
