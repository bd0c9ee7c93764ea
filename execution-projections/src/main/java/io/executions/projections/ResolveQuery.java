package io.executions.projections;

import io.executions.domain.api.ExecutionType;

import java.util.Objects;

/**
 * What to resolve (docs/contract.md ("Resolution")): a request or response of a full method {@code /a.b.S/M}, an event
 * type, or a function name.
 */
public record ResolveQuery(ExecutionType type, String value) {
    public ResolveQuery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public static ResolveQuery request(String method) {
        return new ResolveQuery(ExecutionType.REQUEST, method);
    }

    public static ResolveQuery response(String method) {
        return new ResolveQuery(ExecutionType.RESPONSE, method);
    }

    public static ResolveQuery event(String eventType) {
        return new ResolveQuery(ExecutionType.EVENT, eventType);
    }

    public static ResolveQuery function(String name) {
        return new ResolveQuery(ExecutionType.FUNCTION, name);
    }
}
