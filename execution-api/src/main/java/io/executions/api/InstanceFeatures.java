package io.executions.api;

import io.executions.domain.api.InstanceId;

/** The host's feature flags per instance; the facade only needs to know whether {@code actions} is on. */
@FunctionalInterface
public interface InstanceFeatures {
    boolean actionsEnabled(InstanceId instance);

    /** Every instance has actions enabled (for hosts without feature flags). */
    static InstanceFeatures allEnabled() {
        return instance -> true;
    }
}
