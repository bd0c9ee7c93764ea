package io.executions.domain.api;

import java.util.Objects;

/** A tenant of the host IAM server. Nothing ever crosses instances. */
public record InstanceId(String value) {
    public InstanceId {
        Objects.requireNonNull(value, "instance id");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("instance id must not be empty");
        }
    }

    public static InstanceId of(String value) {
        return new InstanceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
