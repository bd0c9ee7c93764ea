package io.executions.domain.api;

/** A command that belongs to one instance; set-based checks serialize per instance. */
public interface InstanceScoped {
    InstanceId instance();
}
