package io.executions.runtime;

import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryPage;

import io.executions.domain.api.DeliveryAttempted;
import io.executions.domain.api.DeliveryDead;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryRetried;
import io.executions.domain.api.DeliveryScheduled;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.DeliverySucceeded;
import io.executions.domain.api.InstanceId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The delivery log of the in-memory store (and of replays). One monitor guards everything; the
 * "transaction" of {@link #lockForUpdate} is the caller holding {@link #monitor()}.
 */
final class InMemoryDeliveryLog implements DeliveryLog {
    /** The log's order: creation time, then id (ids are time-ordered). */
    static final Comparator<DeliveryRow> ORDER = Comparator.comparing(DeliveryRow::createdDate)
            .thenComparing(r -> r.id().value());
    private final Map<DeliveryId, DeliveryRow> rows = new LinkedHashMap<>();
    private final Object monitor = new Object();

    Object monitor() {
        return monitor;
    }

    @Override
    public void scheduled(DeliveryScheduled e, long seq) {
        synchronized (monitor) {
            rows.putIfAbsent(e.deliveryId(), new DeliveryRow(e.deliveryId(), e.instance(), e.targetId(),
                    e.eventType(), e.executionId(), e.body(), DeliveryStatus.PENDING, 0, 0, e.at(), "", e.at(),
                    e.at(), e.at(), seq, null, null));
        }
    }

    @Override
    public void attempted(DeliveryAttempted e, long seq) {
        update(e.deliveryId(), seq, r -> new DeliveryRow(r.id(), r.instance(), r.targetId(), r.eventType(),
                r.executionId(), r.body(), r.status(), e.attempt(), r.budgetStart(), r.budgetSince(), e.error(),
                e.nextAttempt(), r.createdDate(), e.at(), seq, null, null));
    }

    @Override
    public void succeeded(DeliverySucceeded e, long seq) {
        update(e.deliveryId(), seq, r -> new DeliveryRow(r.id(), r.instance(), r.targetId(), r.eventType(),
                r.executionId(), r.body(), DeliveryStatus.SUCCEEDED, r.attempts(), r.budgetStart(), r.budgetSince(),
                r.lastError(), null, r.createdDate(), e.at(), seq, null, null));
    }

    @Override
    public void dead(DeliveryDead e, long seq) {
        update(e.deliveryId(), seq, r -> new DeliveryRow(r.id(), r.instance(), r.targetId(), r.eventType(),
                r.executionId(), r.body(), DeliveryStatus.DEAD, r.attempts(), r.budgetStart(), r.budgetSince(),
                e.lastError(), null, r.createdDate(), e.at(), seq, null, null));
    }

    @Override
    public void retried(DeliveryRetried e, long seq) {
        update(e.deliveryId(), seq, r -> new DeliveryRow(r.id(), r.instance(), r.targetId(), r.eventType(),
                r.executionId(), r.body(), DeliveryStatus.PENDING, r.attempts(), r.attempts(), e.at(),
                r.lastError(), e.at(), r.createdDate(), e.at(), seq, null, null));
    }

    private void update(DeliveryId id, long seq, UnaryOperator<DeliveryRow> change) {
        synchronized (monitor) {
            DeliveryRow row = rows.get(id);
            if (row != null && seq > row.seq()) {
                rows.put(id, change.apply(row));
            }
        }
    }

    @Override
    public Optional<DeliveryRow> find(DeliveryId id) {
        synchronized (monitor) {
            return Optional.ofNullable(rows.get(id));
        }
    }

    @Override
    public Optional<DeliveryRow> lockForUpdate(DeliveryId id) {
        return find(id);
    }

    @Override
    public DeliveryPage search(InstanceId instance, DeliverySearch search) {
        List<DeliveryRow> matching = new ArrayList<>();
        for (DeliveryRow row : all()) {
            if (row.instance().equals(instance) && matches(row, search.filters())) {
                matching.add(row);
            }
        }
        if (!search.asc()) {
            java.util.Collections.reverse(matching);
        }
        long total = matching.size();
        int from = (int) Math.min(total, search.offset());
        int to = search.limit() == 0 ? (int) total : (int) Math.min(total, from + search.limit());
        return new DeliveryPage(total, matching.subList(from, to).stream().map(DeliveryRow::view).toList());
    }

    static boolean matches(DeliveryRow row, List<DeliverySearch.Filter> filters) {
        for (DeliverySearch.Filter filter : filters) {
            boolean ok;
            if (filter instanceof DeliverySearch.ByStatus s) {
                ok = row.status() == s.status();
            } else if (filter instanceof DeliverySearch.ByTarget t) {
                ok = row.targetId().value().equals(t.targetId());
            } else {
                ok = row.eventType().equals(((DeliverySearch.ByEventType) filter).eventType());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<DeliveryRow> all() {
        List<DeliveryRow> copy;
        synchronized (monitor) {
            copy = new ArrayList<>(rows.values());
        }
        copy.sort(ORDER);
        return copy;
    }

    @Override
    public List<DeliveryRow> claim(String node, Instant now, Instant until, int max) {
        synchronized (monitor) {
            List<DeliveryRow> due = rows.values().stream()
                    .filter(r -> r.status() == DeliveryStatus.PENDING && !r.nextAttempt().isAfter(now)
                            && (r.claimUntil() == null || r.claimUntil().isBefore(now)))
                    .sorted(Comparator.comparing(DeliveryRow::nextAttempt))
                    .limit(max)
                    .toList();
            List<DeliveryRow> claimed = new ArrayList<>(due.size());
            for (DeliveryRow r : due) {
                DeliveryRow c = withClaim(r, node, until);
                rows.put(r.id(), c);
                claimed.add(c);
            }
            return claimed;
        }
    }

    private static DeliveryRow withClaim(DeliveryRow r, String node, Instant until) {
        return new DeliveryRow(r.id(), r.instance(), r.targetId(), r.eventType(), r.executionId(), r.body(),
                r.status(), r.attempts(), r.budgetStart(), r.budgetSince(), r.lastError(), r.nextAttempt(),
                r.createdDate(), r.changeDate(), r.seq(), node, until);
    }

    @Override
    public int holdClaim(String node, DeliveryId id, Instant until) {
        synchronized (monitor) {
            DeliveryRow r = rows.get(id);
            if (r == null || !node.equals(r.claimedBy())) {
                return 0;
            }
            rows.put(id, withClaim(r, node, until));
            return 1;
        }
    }

    @Override
    public int release(String node, DeliveryId id) {
        int released = 0;
        synchronized (monitor) {
            for (DeliveryRow r : List.copyOf(rows.values())) {
                if (node.equals(r.claimedBy()) && (id == null || id.equals(r.id()))) {
                    rows.put(r.id(), withClaim(r, null, null));
                    released++;
                }
            }
        }
        return released;
    }

    @Override
    public long countPending() {
        synchronized (monitor) {
            return rows.values().stream().filter(r -> r.status() == DeliveryStatus.PENDING).count();
        }
    }

    @Override
    public long countDead() {
        synchronized (monitor) {
            return rows.values().stream().filter(r -> r.status() == DeliveryStatus.DEAD).count();
        }
    }

    @Override
    public long countClaimed(Instant now) {
        synchronized (monitor) {
            return rows.values().stream()
                    .filter(r -> r.status() == DeliveryStatus.PENDING && r.claimUntil() != null
                            && !r.claimUntil().isBefore(now))
                    .count();
        }
    }

    @Override
    public void clear() {
        synchronized (monitor) {
            rows.clear();
        }
    }
}
