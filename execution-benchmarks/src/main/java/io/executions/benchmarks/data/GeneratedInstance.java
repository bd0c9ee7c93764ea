package io.executions.benchmarks.data;

import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One instance of the benchmark data, in the shape of the ZITADEL peer's {@code gen_data.py}.
 *
 * @param executions      in an order that the command side accepts: included executions come first
 * @param requestMethods  full methods {@code /a.b.S/M} that have a method-level request execution
 * @param requestServices services that have a service-level request execution
 * @param eventGroups     groups (without {@code .*}) that have a group-level event execution
 * @param events          event types that have an event-level execution
 * @param functions       function names that have an execution
 */
public record GeneratedInstance(InstanceId id, boolean withAll, List<String> services,
                                List<String> aggregates, List<GeneratedExecution> executions,
                                Map<TargetId, TargetDefinition> targets, Set<String> requestMethods,
                                Set<String> requestServices, Set<String> eventGroups, Set<String> events,
                                List<String> functions) {

    /** One execution to set. {@code level} 0 lists only targets, 1 includes level 0, 2 includes level 1. */
    public record GeneratedExecution(Condition condition, List<Entry> entries, int level) {
    }

    public int entryCount() {
        return executions.stream().mapToInt(e -> e.entries().size()).sum();
    }

    public long includeCount() {
        return executions.stream().flatMap(e -> e.entries().stream()).filter(e -> e instanceof Entry.Include).count();
    }
}
