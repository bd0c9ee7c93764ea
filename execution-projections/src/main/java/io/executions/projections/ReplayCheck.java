package io.executions.projections;

import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetId;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Replay verification: a canonical, comparable picture of one instance, and the flattened lists as kept
 * next to the same lists recomputed from the stored lists alone. Called under the instance's read lock
 * ({@link InstanceModel}).
 */
final class ReplayCheck {
    private final StoredState stored;

    ReplayCheck(StoredState stored) {
        this.stored = stored;
    }

    /**
     * Every execution (stored list, dates, flattened list with via paths) and every target, one line each,
     * keyed and sorted by kind and id.
     */
    SortedMap<String, String> canonicalState() {
        SortedMap<String, String> lines = new TreeMap<>();
        for (ExecutionState exec : stored.executions.values()) {
            lines.put("execution " + exec.key(), "condition=" + exec.condition.kind() + ":" + exec.condition.value()
                    + " entries=" + exec.entries + " created=" + exec.creationDate + " changed=" + exec.changeDate
                    + " version=" + exec.version + " flattened=" + describe(exec.flat));
        }
        for (Map.Entry<TargetId, TargetState> e : stored.targets.entrySet()) {
            TargetState tgt = e.getValue();
            lines.put("target " + e.getKey().value(), tgt.deleted
                    ? "deleted version=" + tgt.version
                    : tgt.definition + " created=" + tgt.creationDate + " changed=" + tgt.changeDate
                            + " version=" + tgt.version);
        }
        return lines;
    }

    static String describe(List<ResolvedTarget> flat) {
        StringBuilder out = new StringBuilder("[");
        for (ResolvedTarget t : flat) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(t.id().value()).append(" via ").append(t.via()).append(' ').append(t.definition());
        }
        return out.append(']').toString();
    }

    /** The flattened list of every execution as kept incrementally. */
    Map<ExecutionId, List<ResolvedTarget>> flattenedLists() {
        Map<ExecutionId, List<ResolvedTarget>> out = new TreeMap<>();
        stored.executions.values().forEach(exec -> out.put(exec.id, exec.flat));
        return out;
    }

    /** The flattened list of every execution recomputed from the stored lists alone, ignoring what is kept. */
    Map<ExecutionId, List<ResolvedTarget>> flattenedListsFromScratch() {
        Map<ExecutionId, List<ResolvedTarget>> out = new TreeMap<>();
        stored.executions.values().forEach(exec -> out.put(exec.id,
                Flattening.fromScratch(exec.id, stored::entries, stored::liveTarget)));
        return out;
    }
}
