package io.executions.projections;

import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Entry;
import io.executions.domain.api.TargetId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ListExecutions and the targets view (docs/contract.md "Reading"), read from the stored state and the kept flattened
 * lists. Called under the instance's read lock ({@link InstanceModel}).
 */
final class Listing {
    private final StoredState stored;

    Listing(StoredState stored) {
        this.stored = stored;
    }

    ExecutionPage list(ExecutionListQuery query) {
        List<TargetId> reached = new ArrayList<>();
        for (ExecutionFilter filter : query.filters()) {
            if (filter instanceof ExecutionFilter.ReachesTarget r) {
                reached.add(r.targetId());
            }
        }
        List<ExecutionView> views = new ArrayList<>();
        for (ExecutionState exec : stored.executions.values()) {
            List<Entry> visible = visibleEntries(exec);
            if (visible.isEmpty() || !matches(exec, query.filters())) {
                continue;
            }
            Boolean direct = reached.isEmpty() ? null : reached.stream().allMatch(t -> namesTarget(exec, t));
            views.add(new ExecutionView(exec.id, exec.condition, exec.creationDate, exec.changeDate, visible,
                    direct));
        }
        views.sort(order(query.sortingColumn(), query.asc()));
        return new ExecutionPage(views.size(), page(views, query.offset(), query.limit()));
    }

    private List<Entry> visibleEntries(ExecutionState exec) {
        List<Entry> visible = new ArrayList<>(exec.entries.size());
        for (Entry entry : exec.entries) {
            if (entry instanceof Entry.Target target && stored.liveTarget(target.target()) == null) {
                continue;
            }
            visible.add(entry);
        }
        return List.copyOf(visible);
    }

    private static boolean matches(ExecutionState exec, List<ExecutionFilter> filters) {
        for (ExecutionFilter filter : filters) {
            boolean ok;
            if (filter instanceof ExecutionFilter.InConditions in) {
                ok = in.ids().contains(exec.id);
            } else if (filter instanceof ExecutionFilter.OfType of) {
                ok = of.type() == null || exec.condition.type() == of.type();
            } else if (filter instanceof ExecutionFilter.ReachesTarget reaches) {
                ok = exec.flat.stream().anyMatch(t -> t.id().equals(reaches.targetId()));
            } else if (filter instanceof ExecutionFilter.Includes includes) {
                ok = exec.entries.contains(new Entry.Include(includes.include()));
            } else {
                throw new IllegalArgumentException("unknown filter " + filter);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesTarget(ExecutionState exec, TargetId target) {
        return exec.entries.contains(new Entry.Target(target));
    }

    private static Comparator<ExecutionView> order(SortingColumn column, boolean asc) {
        Comparator<ExecutionView> byId = Comparator.comparing(ExecutionView::id);
        Comparator<ExecutionView> primary = switch (column) {
            case ID -> byId;
            case CREATED_DATE -> Comparator.comparing(ExecutionView::creationDate,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byId);
            case CHANGED_DATE -> Comparator.comparing(ExecutionView::changeDate,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byId);
        };
        return asc ? primary : primary.reversed();
    }

    static <T> List<T> page(List<T> sorted, long offset, long limit) {
        int from = (int) Math.min(Math.max(offset, 0), sorted.size());
        int to = limit <= 0 ? sorted.size() : (int) Math.min(sorted.size(), from + limit);
        return List.copyOf(sorted.subList(from, to));
    }

    Optional<TargetView> target(TargetId id) {
        TargetState tgt = stored.targets.get(id);
        return tgt == null || !tgt.live() ? Optional.empty() : Optional.of(tgt.view(id));
    }

    TargetPage searchTargets(TargetSearch search) {
        Set<TargetId> ids = search.ids() == null ? null : Set.copyOf(search.ids());
        List<TargetView> views = new ArrayList<>();
        for (Map.Entry<TargetId, TargetState> e : stored.targets.entrySet()) {
            TargetState tgt = e.getValue();
            if (!tgt.live() || (ids != null && !ids.contains(e.getKey()))
                    || !nameMatches(tgt.definition.name(), search)) {
                continue;
            }
            views.add(tgt.view(e.getKey()));
        }
        Comparator<TargetView> order = Comparator.<TargetView, String>comparing(v -> v.definition().name(),
                CodePoints::compare).thenComparing(v -> v.id().value(), CodePoints::compare);
        views.sort(search.asc() ? order : order.reversed());
        return new TargetPage(views.size(), page(views, search.offset(), search.limit()));
    }

    private static boolean nameMatches(String name, TargetSearch search) {
        if (search.name() == null) {
            return true;
        }
        TextFilterMethod method = search.nameMethod() == null ? TextFilterMethod.EQUALS : search.nameMethod();
        return switch (method) {
            case EQUALS -> name.equals(search.name());
            case CONTAINS -> name.contains(search.name());
            case STARTS_WITH -> name.startsWith(search.name());
        };
    }
}
