package io.executions.runtime;

import io.executions.projections.DeliveryView;
import io.executions.projections.DeliverySearch;
import io.executions.projections.DeliveryPage;

import io.executions.domain.api.DeliveryAttempted;
import io.executions.domain.api.DeliveryDead;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.DeliveryRetried;
import io.executions.domain.api.DeliveryScheduled;
import io.executions.domain.api.DeliveryStatus;
import io.executions.domain.api.DeliverySucceeded;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delivery log in the event store's database (table {@code exec_delivery}), written in the
 * transaction that appends the delivery events, like the command-side lookup. Times are epoch
 * milliseconds (the events' times are whole milliseconds).
 *
 * <p>Claiming: on PostgreSQL one statement, {@code UPDATE ... WHERE n IN (SELECT ... FOR UPDATE SKIP
 * LOCKED) RETURNING ...}: concurrent workers of any number of processes each get rows no other worker
 * holds, without waiting for each other. On H2 (one process per file) a conditional update per row
 * ({@code WHERE claim_until IS NULL OR claim_until < now}) does the same job. A claim is a lease: the
 * claimer's node id and an expiry; the worker records the attempt only while it still holds the claim
 * ({@link #lockForUpdate} then a check of {@code claimedBy}), and a crashed worker's claims expire.
 */
final class JdbcDeliveryLog implements DeliveryLog {
    static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS exec_delivery (n BIGSERIAL PRIMARY KEY, delivery_id VARCHAR(64) NOT NULL UNIQUE, "
                    + "instance_id VARCHAR NOT NULL, target_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL, "
                    + "execution_id VARCHAR NOT NULL, body TEXT NOT NULL, status VARCHAR(10) NOT NULL, "
                    + "attempts INT NOT NULL, budget_start INT NOT NULL, budget_since BIGINT NOT NULL, "
                    + "last_error VARCHAR NOT NULL, next_attempt BIGINT, created_at BIGINT NOT NULL, "
                    + "changed_at BIGINT NOT NULL, seq BIGINT NOT NULL, claimed_by VARCHAR(200), claim_until BIGINT)",
            "CREATE INDEX IF NOT EXISTS exec_delivery_due ON exec_delivery (status, next_attempt)",
            "CREATE INDEX IF NOT EXISTS exec_delivery_instance ON exec_delivery (instance_id, created_at, delivery_id)"
    };
    private static final String COLUMNS = "delivery_id, instance_id, target_id, event_type, execution_id, body, "
            + "status, attempts, budget_start, budget_since, last_error, next_attempt, created_at, changed_at, seq, "
            + "claimed_by, claim_until";

    private final JdbcTransactionManager db;
    private final boolean postgres;

    JdbcDeliveryLog(JdbcTransactionManager db, boolean postgres) {
        this.db = db;
        this.postgres = postgres;
    }

    @Override
    public void scheduled(DeliveryScheduled e, long seq) {
        long at = e.at().toEpochMilli();
        Sql.update(db, "INSERT INTO exec_delivery (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, 0, ?, '', ?, "
                        + "?, ?, ?, NULL, NULL) ON CONFLICT DO NOTHING",
                e.deliveryId().value(), e.instance().value(), e.targetId().value(), e.eventType(),
                e.executionId().value(), e.body(), at, at, at, at, seq);
    }

    @Override
    public void attempted(DeliveryAttempted e, long seq) {
        Sql.update(db, "UPDATE exec_delivery SET attempts = ?, last_error = ?, next_attempt = ?, changed_at = ?, "
                        + "seq = ?, claimed_by = NULL, claim_until = NULL WHERE delivery_id = ? AND seq < ?",
                e.attempt(), e.error(), millis(e.nextAttempt()), e.at().toEpochMilli(), seq, e.deliveryId().value(),
                seq);
    }

    @Override
    public void succeeded(DeliverySucceeded e, long seq) {
        Sql.update(db, "UPDATE exec_delivery SET status = 'SUCCEEDED', next_attempt = NULL, changed_at = ?, seq = ?, "
                        + "claimed_by = NULL, claim_until = NULL WHERE delivery_id = ? AND seq < ?",
                e.at().toEpochMilli(), seq, e.deliveryId().value(), seq);
    }

    @Override
    public void dead(DeliveryDead e, long seq) {
        Sql.update(db, "UPDATE exec_delivery SET status = 'DEAD', last_error = ?, next_attempt = NULL, changed_at = ?, "
                        + "seq = ?, claimed_by = NULL, claim_until = NULL WHERE delivery_id = ? AND seq < ?",
                e.lastError(), e.at().toEpochMilli(), seq, e.deliveryId().value(), seq);
    }

    @Override
    public void retried(DeliveryRetried e, long seq) {
        long at = e.at().toEpochMilli();
        Sql.update(db, "UPDATE exec_delivery SET status = 'PENDING', budget_start = attempts, budget_since = ?, "
                        + "next_attempt = ?, changed_at = ?, seq = ?, claimed_by = NULL, claim_until = NULL "
                        + "WHERE delivery_id = ? AND seq < ?",
                at, at, at, seq, e.deliveryId().value(), seq);
    }

    @Override
    public Optional<DeliveryRow> find(DeliveryId id) {
        return Sql.query(db, "SELECT " + COLUMNS + " FROM exec_delivery WHERE delivery_id = ?", JdbcDeliveryLog::row,
                id.value()).stream().findFirst();
    }

    @Override
    public Optional<DeliveryRow> lockForUpdate(DeliveryId id) {
        if (!postgres) {
            // H2's FOR UPDATE lock is not exclusive now and then (JdbcInstanceLock.H2_LOCK): write the row instead
            if (Sql.update(db, "UPDATE exec_delivery SET seq = seq WHERE delivery_id = ?", id.value()) == 0) {
                return Optional.empty();
            }
            return find(id);
        }
        return Sql.query(db, "SELECT " + COLUMNS + " FROM exec_delivery WHERE delivery_id = ? FOR UPDATE",
                JdbcDeliveryLog::row, id.value()).stream().findFirst();
    }

    @Override
    public DeliveryPage search(InstanceId instance, DeliverySearch search) {
        StringBuilder where = new StringBuilder(" WHERE instance_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(instance.value());
        for (DeliverySearch.Filter filter : search.filters()) {
            if (filter instanceof DeliverySearch.ByStatus s) {
                where.append(" AND status = ?");
                params.add(s.status().name());
            } else if (filter instanceof DeliverySearch.ByTarget t) {
                where.append(" AND target_id = ?");
                params.add(t.targetId());
            } else {
                where.append(" AND event_type = ?");
                params.add(((DeliverySearch.ByEventType) filter).eventType());
            }
        }
        long total = Sql.query(db, "SELECT COUNT(*) FROM exec_delivery" + where, rs -> rs.getLong(1),
                params.toArray()).get(0);
        StringBuilder page = new StringBuilder("SELECT " + COLUMNS + " FROM exec_delivery").append(where)
                .append(search.asc() ? " ORDER BY created_at ASC, delivery_id ASC" : " ORDER BY created_at DESC, delivery_id DESC");
        if (search.limit() > 0) {
            page.append(" LIMIT ?");
            params.add(search.limit());
        }
        if (search.offset() > 0) {
            page.append(" OFFSET ?");
            params.add(search.offset());
        }
        List<DeliveryView> views = Sql.query(db, page.toString(), rs -> row(rs).view(), params.toArray());
        return new DeliveryPage(total, views);
    }

    @Override
    public List<DeliveryRow> all() {
        return Sql.query(db, "SELECT " + COLUMNS + " FROM exec_delivery ORDER BY created_at, delivery_id", JdbcDeliveryLog::row);
    }

    @Override
    public List<DeliveryRow> claim(String node, Instant now, Instant until, int max) {
        long nowMs = now.toEpochMilli();
        long untilMs = until.toEpochMilli();
        if (postgres) {
            return Sql.query(db, "UPDATE exec_delivery SET claimed_by = ?, claim_until = ? WHERE n IN ("
                            + "SELECT n FROM exec_delivery WHERE status = 'PENDING' AND next_attempt <= ? "
                            + "AND (claim_until IS NULL OR claim_until < ?) ORDER BY next_attempt LIMIT ? "
                            + "FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS,
                    JdbcDeliveryLog::row, node, untilMs, nowMs, nowMs, max);
        }
        List<Long> due = Sql.query(db, "SELECT n FROM exec_delivery WHERE status = 'PENDING' AND next_attempt <= ? "
                + "AND (claim_until IS NULL OR claim_until < ?) ORDER BY next_attempt LIMIT ?", rs -> rs.getLong(1),
                nowMs, nowMs, max);
        List<Long> claimed = new ArrayList<>(due.size());
        for (Long n : due) {
            if (Sql.update(db, "UPDATE exec_delivery SET claimed_by = ?, claim_until = ? WHERE n = ? "
                    + "AND status = 'PENDING' AND (claim_until IS NULL OR claim_until < ?)", node, untilMs, n, nowMs) == 1) {
                claimed.add(n);
            }
        }
        if (claimed.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", java.util.Collections.nCopies(claimed.size(), "?"));
        List<Object> params = new ArrayList<>(claimed);
        params.add(node);
        return Sql.query(db, "SELECT " + COLUMNS + " FROM exec_delivery WHERE n IN (" + in + ") AND claimed_by = ?",
                JdbcDeliveryLog::row, params.toArray());
    }

    @Override
    public int holdClaim(String node, DeliveryId id, Instant until) {
        return Sql.update(db, "UPDATE exec_delivery SET claim_until = ? WHERE delivery_id = ? AND claimed_by = ?",
                until.toEpochMilli(), id.value(), node);
    }

    @Override
    public int release(String node, DeliveryId id) {
        if (id == null) {
            return Sql.update(db, "UPDATE exec_delivery SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ?",
                    node);
        }
        return Sql.update(db, "UPDATE exec_delivery SET claimed_by = NULL, claim_until = NULL "
                + "WHERE delivery_id = ? AND claimed_by = ?", id.value(), node);
    }

    @Override
    public long countPending() {
        return count("SELECT COUNT(*) FROM exec_delivery WHERE status = 'PENDING'");
    }

    @Override
    public long countDead() {
        return count("SELECT COUNT(*) FROM exec_delivery WHERE status = 'DEAD'");
    }

    @Override
    public long countClaimed(Instant now) {
        return count("SELECT COUNT(*) FROM exec_delivery WHERE status = 'PENDING' AND claim_until >= ?",
                now.toEpochMilli());
    }

    private long count(String sql, Object... params) {
        return Sql.query(db, sql, rs -> rs.getLong(1), params).get(0);
    }

    @Override
    public void clear() {
        Sql.update(db, "DELETE FROM exec_delivery");
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static DeliveryRow row(ResultSet rs) throws SQLException {
        return new DeliveryRow(DeliveryId.of(rs.getString("delivery_id")), InstanceId.of(rs.getString("instance_id")),
                TargetId.of(rs.getString("target_id")), rs.getString("event_type"),
                new ExecutionId(rs.getString("execution_id")), rs.getString("body"),
                DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getInt("budget_start"),
                instant(rs, "budget_since"), rs.getString("last_error"), instant(rs, "next_attempt"),
                instant(rs, "created_at"), instant(rs, "changed_at"), rs.getLong("seq"), rs.getString("claimed_by"),
                instant(rs, "claim_until"));
    }
}
