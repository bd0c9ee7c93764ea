package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * docs/contract.md "Resolution" flattening as a pure function of stored lists and target definitions, so the live model,
 * replay verification and a what-if computation over a hypothetical change (an overlay of a
 * {@link RoutingView}) all flatten the same way.
 */
public final class Flattening {
    private Flattening() {
    }

    /**
     * The flattened list of one execution, given the flattened lists of the executions it includes: entries
     * in stored order, includes spliced in place, deleted (or unknown) targets skipped, a target reached
     * twice kept at its first position; each target's {@code via} runs from {@code id} down to the execution
     * that lists it.
     *
     * @param liveTarget      the definition of a live target, null for a deleted or unknown one
     * @param flatOfIncluded  the flattened list of an included execution (empty when it does not exist)
     */
    public static List<ResolvedTarget> flatten(ExecutionId id, List<Entry> entries,
                                               Function<TargetId, TargetDefinition> liveTarget,
                                               Function<ExecutionId, List<ResolvedTarget>> flatOfIncluded) {
        List<ResolvedTarget> out = new ArrayList<>(entries.size());
        Set<TargetId> seen = null;
        List<ExecutionId> self = null;
        for (Entry entry : entries) {
            if (entry instanceof Entry.Target target) {
                TargetDefinition definition = liveTarget.apply(target.target());
                if (definition != null && isNew(out, seen, target.target())) {
                    seen = remember(out, seen, target.target());
                    if (self == null) {
                        self = List.of(id);
                    }
                    out.add(new ResolvedTarget(target.target(), definition, self));
                }
            } else if (entry instanceof Entry.Include include) {
                for (ResolvedTarget sub : flatOfIncluded.apply(include.include())) {
                    if (isNew(out, seen, sub.id())) {
                        seen = remember(out, seen, sub.id());
                        out.add(new ResolvedTarget(sub.id(), sub.definition(), prepend(id, sub.via())));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The flattened list of one execution from stored lists alone (nothing precomputed): what a replay
     * check compares the kept lists with, and what a hypothetical change is resolved with.
     *
     * @param storedEntries the stored list of an execution, empty when it does not exist
     * @param liveTarget    the definition of a live target, null for a deleted or unknown one
     */
    public static List<ResolvedTarget> fromScratch(ExecutionId id, Function<ExecutionId, List<Entry>> storedEntries,
                                                   Function<TargetId, TargetDefinition> liveTarget) {
        return fromScratch(id, storedEntries, liveTarget, new HashSet<>());
    }

    private static List<ResolvedTarget> fromScratch(ExecutionId id, Function<ExecutionId, List<Entry>> storedEntries,
                                                    Function<TargetId, TargetDefinition> liveTarget,
                                                    Set<ExecutionId> path) {
        path.add(id);
        List<ResolvedTarget> flat = flatten(id, storedEntries.apply(id), liveTarget,
                included -> path.contains(included) ? List.of()
                        : fromScratch(included, storedEntries, liveTarget, path));
        path.remove(id);
        return flat;
    }

    /** Lists this short are searched; longer ones get a set (most lists name a handful of targets). */
    private static final int SCAN_LIMIT = 16;

    private static boolean isNew(List<ResolvedTarget> out, Set<TargetId> seen, TargetId id) {
        if (seen != null) {
            return !seen.contains(id);
        }
        for (ResolvedTarget r : out) {
            if (r.id().equals(id)) {
                return false;
            }
        }
        return true;
    }

    /** Notes a target about to be added to {@code out}; the set, created once the list outgrows a scan. */
    private static Set<TargetId> remember(List<ResolvedTarget> out, Set<TargetId> seen, TargetId id) {
        if (seen == null && out.size() >= SCAN_LIMIT) {
            seen = new HashSet<>();
            for (ResolvedTarget r : out) {
                seen.add(r.id());
            }
        }
        if (seen != null) {
            seen.add(id);
        }
        return seen;
    }

    private static List<ExecutionId> prepend(ExecutionId head, List<ExecutionId> tail) {
        ExecutionId[] via = new ExecutionId[tail.size() + 1];
        via[0] = head;
        for (int i = 0; i < tail.size(); i++) {
            via[i + 1] = tail.get(i);
        }
        return List.of(via);
    }
}
