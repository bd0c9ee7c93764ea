package io.executions.domain.api;

import java.util.Objects;

/** The id of a target inside its instance. Length rules are checked by the policies, not here. */
public record TargetId(String value) {
    public TargetId {
        Objects.requireNonNull(value, "target id");
    }

    public static TargetId of(String value) {
        return new TargetId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
