package io.executions.api;

import io.executions.domain.api.InstanceId;

import java.util.Objects;
import java.util.Set;

/**
 * Who calls, as the host established it: the instance the call acts in, the acting user (recorded as the
 * actor of every change) and the permissions the caller holds in that instance.
 */
public record Caller(InstanceId instance, String user, Set<String> permissions) {
    public Caller {
        Objects.requireNonNull(instance, "instance");
        user = user == null ? "" : user;
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }

    public boolean has(String permission) {
        return permissions.contains(permission);
    }
}
