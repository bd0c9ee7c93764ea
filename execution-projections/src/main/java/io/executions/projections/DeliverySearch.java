package io.executions.projections;

import io.executions.domain.api.DeliveryStatus;

import java.util.List;
import java.util.Objects;

/**
 * A delivery-log search: filters AND-combined (a filter kind given twice must match both), pagination
 * with {@code limit} 0 meaning all, oldest first unless {@code asc} is false.
 */
public record DeliverySearch(List<Filter> filters, long offset, long limit, boolean asc) {
    public DeliverySearch {
        filters = List.copyOf(filters);
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
    }

    public static DeliverySearch all() {
        return new DeliverySearch(List.of(), 0, 0, true);
    }

    /** One filter of the search. */
    public sealed interface Filter {
    }

    public record ByStatus(DeliveryStatus status) implements Filter {
        public ByStatus {
            Objects.requireNonNull(status, "status");
        }
    }

    public record ByTarget(String targetId) implements Filter {
        public ByTarget {
            Objects.requireNonNull(targetId, "targetId");
        }
    }

    public record ByEventType(String eventType) implements Filter {
        public ByEventType {
            Objects.requireNonNull(eventType, "eventType");
        }
    }
}
