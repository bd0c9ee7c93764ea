package io.executions.api.service;

import io.executions.domain.api.PayloadType;
import io.executions.domain.api.TargetType;

import java.time.Duration;

/**
 * A target to create, as a transport parsed it; any field may be null (missing), the domain's rules 10 and 11
 * answer for it.
 */
public record TargetSpec(String name, TargetType type, boolean interruptOnError, String endpoint, Duration timeout,
                         PayloadType payloadType) {
    /** A target whose payload is plain JSON. */
    public TargetSpec(String name, TargetType type, boolean interruptOnError, String endpoint, Duration timeout) {
        this(name, type, interruptOnError, endpoint, timeout, null);
    }
}
