package io.executions.projections;

import io.executions.domain.api.TargetId;

import java.util.List;

/**
 * Search of targets: {@code name} with its method (null: no name filter), {@code ids} (null: no id
 * filter), pagination with {@code limit} 0 meaning all. Sorted by name, ties by id.
 */
public record TargetSearch(String name, TextFilterMethod nameMethod, List<TargetId> ids, long offset, long limit,
                           boolean asc) {
    public static TargetSearch all() {
        return new TargetSearch(null, null, null, 0, 0, true);
    }
}
