package io.executions.domain.command;

/**
 * Decides whether a target may call an endpoint (docs/dispatch.md's deny list), checked when a target is
 * created and whenever its endpoint is updated. The dispatch module's {@code EndpointGuard} implements it;
 * the engine's default allows every endpoint.
 */
@FunctionalInterface
public interface EndpointPolicy {
    /** Why the endpoint is refused, or null when it is allowed. */
    String denialReason(String endpoint);

    EndpointPolicy ALLOW_ALL = endpoint -> null;
}
