package io.executions.domain.api;

import java.util.List;
import java.util.Objects;

/**
 * Sets several executions of one instance as one all-or-nothing change (a revert, docs/safe-change.md): each
 * list passes SetExecution's rules in an order they all accept, or nothing is written.
 *
 * @param lists the wanted list of each execution (an empty list clears it)
 */
public record SetExecutionLists(InstanceId instance, List<Wanted> lists, String actor) implements InstanceScoped {

    /** One execution's wanted list. */
    public record Wanted(Condition condition, List<Entry> entries) {
        public Wanted {
            Objects.requireNonNull(condition, "condition");
            entries = List.copyOf(entries);
        }
    }

    public SetExecutionLists {
        Objects.requireNonNull(instance, "instance");
        lists = List.copyOf(lists);
        actor = actor == null ? "" : actor;
    }
}
