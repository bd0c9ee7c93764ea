package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/** A domain event of the host, as an event target receives it (docs/dispatch.md's event payload). */
public record DispatchEvent(String eventType, String aggregateId, String aggregateType, String resourceOwner,
                            String version, long sequence, Instant createdAt, String userId, JsonNode payload) {
    public DispatchEvent {
        Objects.requireNonNull(eventType, "eventType");
        aggregateId = aggregateId == null ? "" : aggregateId;
        aggregateType = aggregateType == null ? "" : aggregateType;
        resourceOwner = resourceOwner == null ? "" : resourceOwner;
        version = version == null ? "" : version;
        createdAt = createdAt == null ? Instant.now() : createdAt;
        userId = userId == null ? "" : userId;
    }
}
