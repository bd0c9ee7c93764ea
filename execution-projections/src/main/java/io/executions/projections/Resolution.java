package io.executions.projections;

import io.executions.domain.api.ExecutionId;

import java.util.List;

/** The answer of resolution: the matched execution (null when none) and the ordered targets to call. */
public record Resolution(ExecutionId matched, List<ResolvedTarget> targets) {
    public static final Resolution NONE = new Resolution(null, List.of());
}
