package io.executions.projections;

import java.util.List;

/** A page of targets; {@code totalResult} counts before offset and limit. */
public record TargetPage(long totalResult, List<TargetView> targets) {
}
