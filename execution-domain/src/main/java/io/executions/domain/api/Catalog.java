package io.executions.domain.api;

import java.util.List;

/**
 * What the host declares to exist (docs/contract.md ("Words")): its gRPC services with their methods, its event
 * types and its function names. Conditions are checked against it (rule 7).
 */
public interface Catalog {
    /** Full method names, {@code /a.b.S/M}, sorted. */
    List<String> methods();

    /** Full service names, {@code a.b.S}, sorted. */
    List<String> services();

    /** Event types, sorted. */
    List<String> eventTypes();

    /** Function names, sorted. */
    List<String> functions();

    boolean hasMethod(String method);

    boolean hasService(String service);

    boolean hasEventType(String eventType);

    /** A group exists when some event type starts with {@code group + "."}. */
    boolean hasEventGroup(String group);

    boolean hasFunction(String function);
}
