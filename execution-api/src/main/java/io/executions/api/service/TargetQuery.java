package io.executions.api.service;

import io.executions.domain.api.TargetId;
import io.executions.projections.TextFilterMethod;

import java.util.List;

/**
 * A target search: every filter must hold (AND), then ordered by {@code column} and paged.
 *
 * @param names  name filters, all of which must match (empty: no name filter)
 * @param ids    the ids a target must be among, already intersected over several id filters (null: any id)
 * @param limit  0: all
 */
public record TargetQuery(List<NameFilter> names, List<TargetId> ids, long offset, long limit, boolean asc,
                          TargetSortColumn column) {
    public TargetQuery {
        names = names == null ? List.of() : List.copyOf(names);
        ids = ids == null ? null : List.copyOf(ids);
        column = column == null ? TargetSortColumn.CREATED_DATE : column;
    }

    /** A target's name compared with {@code text} by {@code method}. */
    public record NameFilter(String text, TextFilterMethod method) {
        public NameFilter {
            method = method == null ? TextFilterMethod.EQUALS : method;
        }
    }
}
