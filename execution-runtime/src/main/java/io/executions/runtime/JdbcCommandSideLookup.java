package io.executions.runtime;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import io.executions.domain.command.CommandSideLookup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command-side lookup in the event store's database, written by {@code CommandSideLookupProjector}
 * in the subscribing group {@code command-side-lookup} (with a propagating error handler) and read by
 * the aggregates' checks.
 *
 * <p>Why rules 8 to 12 hold across processes sharing one PostgreSQL database: (1) every command takes
 * its instance's row lock ({@link JdbcInstanceLock}) in its transaction before anything is read, so the
 * commands of one instance run one after the other, whichever process handles them; (2) the lookup
 * rows are written by the subscribing projector in the same transaction as the event rows, so they are
 * committed together, before the lock is released; (3) under READ COMMITTED every statement after the
 * lock sees all transactions committed before it, so the next command of the instance reads the
 * previous command's events (aggregate load) and lookup rows (targets, stored lists, includers) without
 * a gap. A check can therefore never read a state that a concurrent write is about to change: no write
 * skew, hence no cycle, no over-deep chain and no include of a cleared execution. A command that fails
 * (rule violation, projector failure) rolls back events and lookup rows together.
 *
 * <p>Ids and names may be 1000 code points (4000 UTF-8 bytes), beyond PostgreSQL's btree entry limit,
 * so every key column holds a SHA-256 digest ({@link AggregateIds}, {@link Sql#key}) and the readable
 * values sit in unindexed columns.
 *
 * <p>Events written to the store by other means (a migration inserting ZITADEL's legacy rows) bypass
 * the projector. {@code exec_lookup_applied} records the last sequence number applied per aggregate,
 * and the runtime folds any aggregate with newer events into the lookup at start.
 */
final class JdbcCommandSideLookup implements CommandSideLookup {
    static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS exec_lookup_execution (execution_key VARCHAR(100) PRIMARY KEY, "
                    + "instance_id VARCHAR NOT NULL, execution_id VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS exec_lookup_entry (execution_key VARCHAR(100) NOT NULL, pos INT NOT NULL, "
                    + "kind CHAR(1) NOT NULL, ref VARCHAR NOT NULL, PRIMARY KEY (execution_key, pos))",
            "CREATE TABLE IF NOT EXISTS exec_lookup_include (included_key VARCHAR(100) NOT NULL, "
                    + "includer_key VARCHAR(100) NOT NULL, includer_id VARCHAR NOT NULL, "
                    + "PRIMARY KEY (included_key, includer_key))",
            "CREATE INDEX IF NOT EXISTS exec_lookup_include_includer ON exec_lookup_include (includer_key)",
            "CREATE TABLE IF NOT EXISTS exec_lookup_target (target_key VARCHAR(100) PRIMARY KEY, "
                    + "instance_id VARCHAR NOT NULL, target_id VARCHAR NOT NULL, name_key VARCHAR(64) NOT NULL, "
                    + "name VARCHAR NOT NULL)",
            "CREATE INDEX IF NOT EXISTS exec_lookup_target_name ON exec_lookup_target (name_key)",
            "CREATE TABLE IF NOT EXISTS exec_lookup_applied (aggregate_id VARCHAR(255) PRIMARY KEY, "
                    + "seq BIGINT NOT NULL)",
            // the highest global index a start-up check found folded: the next start looks only above it
            "CREATE TABLE IF NOT EXISTS exec_lookup_checked (id INT PRIMARY KEY, global_index BIGINT NOT NULL)"
    };

    /**
     * docs/safe-change.md's instance version: the instance's stored execution and target events, counted
     * when {@link #applied} advances an aggregate (so a re-folded event is not counted twice).
     */
    static final String VERSION_TABLE = "CREATE TABLE exec_lookup_version (instance_key VARCHAR(64) PRIMARY KEY, "
            + "instance_id VARCHAR NOT NULL, version BIGINT NOT NULL)";

    /**
     * Creates the version table. A store whose lookup was built before it existed has its lookup
     * positions reset, so the start-up catch-up folds every aggregate again and counts its events (the
     * lookup's other writes are idempotent).
     */
    static void createVersionTable(JdbcTransactionManager db) {
        // asked of the catalog, not by a failing SELECT, which would abort a PostgreSQL transaction
        long tables = Sql.query(db, "SELECT COUNT(*) FROM information_schema.tables "
                        + "WHERE LOWER(table_name) = 'exec_lookup_version' AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)",
                rs -> rs.getLong(1)).get(0);
        if (tables == 0) {
            Sql.execute(db, VERSION_TABLE);
            Sql.update(db, "DELETE FROM exec_lookup_applied");
            Sql.update(db, "DELETE FROM exec_lookup_checked"); // so the catch-up reads the whole store once
        }
    }

    private final JdbcTransactionManager db;

    JdbcCommandSideLookup(JdbcTransactionManager db) {
        this.db = db;
    }

    @Override
    public List<Entry> storedEntries(InstanceId instance, ExecutionId id) {
        return Sql.query(db, "SELECT kind, ref FROM exec_lookup_entry WHERE execution_key = ? ORDER BY pos",
                rs -> "T".equals(rs.getString(1))
                        ? new Entry.Target(TargetId.of(rs.getString(2)))
                        : new Entry.Include(new ExecutionId(rs.getString(2))),
                AggregateIds.execution(instance, id));
    }

    @Override
    public Set<ExecutionId> includers(InstanceId instance, ExecutionId id) {
        return new LinkedHashSet<>(Sql.query(db,
                "SELECT includer_id FROM exec_lookup_include WHERE included_key = ? ORDER BY includer_key",
                rs -> new ExecutionId(rs.getString(1)), AggregateIds.execution(instance, id)));
    }

    @Override
    public boolean targetExists(InstanceId instance, TargetId id) {
        return !Sql.query(db, "SELECT 1 FROM exec_lookup_target WHERE target_key = ?", rs -> 1,
                AggregateIds.target(instance, id)).isEmpty();
    }

    /** One query for the whole list: at most {@code maxEntries} keys, each a primary-key probe. */
    @Override
    public Set<TargetId> existingTargets(InstanceId instance, Collection<TargetId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<Object> keys = new ArrayList<>(ids.size());
        for (TargetId id : ids) {
            keys.add(AggregateIds.target(instance, id));
        }
        String placeholders = String.join(", ", Collections.nCopies(keys.size(), "?"));
        return new HashSet<>(Sql.query(db, "SELECT target_id FROM exec_lookup_target WHERE target_key IN ("
                + placeholders + ")", rs -> TargetId.of(rs.getString(1)), keys.toArray()));
    }

    @Override
    public Optional<TargetId> targetNamed(InstanceId instance, String name) {
        return Sql.query(db, "SELECT target_id FROM exec_lookup_target WHERE name_key = ? AND instance_id = ? "
                        + "AND name = ?", rs -> TargetId.of(rs.getString(1)),
                Sql.key(instance.value(), name), instance.value(), name).stream().findFirst();
    }

    /**
     * Replaces the stored list in four statements whatever its length: the execution row is kept (an
     * upsert), and the entry and include rows go in one JDBC batch each (one round trip on PostgreSQL).
     */
    @Override
    public void executionSet(InstanceId instance, ExecutionId id, List<Entry> entries) {
        String key = AggregateIds.execution(instance, id);
        Sql.update(db, "DELETE FROM exec_lookup_include WHERE includer_key = ?", key);
        Sql.update(db, "DELETE FROM exec_lookup_entry WHERE execution_key = ?", key);
        Sql.update(db, "INSERT INTO exec_lookup_execution (execution_key, instance_id, execution_id) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", key, instance.value(), id.value());
        List<Object[]> entryRows = new ArrayList<>(entries.size());
        List<Object[]> includeRows = new ArrayList<>();
        Set<String> included = new HashSet<>();
        int pos = 0;
        for (Entry entry : entries) {
            if (entry instanceof Entry.Target target) {
                entryRows.add(new Object[] {key, pos++, "T", target.target().value()});
            } else {
                ExecutionId include = ((Entry.Include) entry).include();
                entryRows.add(new Object[] {key, pos++, "I", include.value()});
                String includedKey = AggregateIds.execution(instance, include);
                if (included.add(includedKey)) {
                    includeRows.add(new Object[] {includedKey, key, id.value()});
                }
            }
        }
        Sql.batch(db, "INSERT INTO exec_lookup_entry (execution_key, pos, kind, ref) VALUES (?, ?, ?, ?)", entryRows);
        Sql.batch(db, "INSERT INTO exec_lookup_include (included_key, includer_key, includer_id) VALUES (?, ?, ?)",
                includeRows);
    }

    @Override
    public void executionCleared(InstanceId instance, ExecutionId id) {
        forget(AggregateIds.execution(instance, id));
    }

    private void forget(String key) {
        Sql.update(db, "DELETE FROM exec_lookup_include WHERE includer_key = ?", key);
        Sql.update(db, "DELETE FROM exec_lookup_entry WHERE execution_key = ?", key);
        Sql.update(db, "DELETE FROM exec_lookup_execution WHERE execution_key = ?", key);
    }

    @Override
    public void targetAdded(InstanceId instance, TargetId id, String name) {
        String key = AggregateIds.target(instance, id);
        Sql.update(db, "DELETE FROM exec_lookup_target WHERE target_key = ?", key);
        Sql.update(db, "INSERT INTO exec_lookup_target (target_key, instance_id, target_id, name_key, name) "
                + "VALUES (?, ?, ?, ?, ?)", key, instance.value(), id.value(), Sql.key(instance.value(), name), name);
    }

    @Override
    public void targetRenamed(InstanceId instance, TargetId id, String newName) {
        int changed = Sql.update(db, "UPDATE exec_lookup_target SET name_key = ?, name = ? WHERE target_key = ?",
                Sql.key(instance.value(), newName), newName, AggregateIds.target(instance, id));
        if (changed == 0) {
            targetAdded(instance, id, newName);
        }
    }

    @Override
    public void targetRemoved(InstanceId instance, TargetId id, String name) {
        Sql.update(db, "DELETE FROM exec_lookup_target WHERE target_key = ?", AggregateIds.target(instance, id));
    }

    /**
     * Records that the lookup reflects the aggregate's events up to {@code sequenceNumber}; when that
     * advances the aggregate, counts the event in its instance's version.
     */
    void applied(String aggregateId, long sequenceNumber, InstanceId instance) {
        int changed = Sql.update(db, "UPDATE exec_lookup_applied SET seq = ? WHERE aggregate_id = ? AND seq < ?",
                sequenceNumber, aggregateId, sequenceNumber);
        if (changed == 0) {
            changed = Sql.update(db, "INSERT INTO exec_lookup_applied (aggregate_id, seq) VALUES (?, ?) "
                    + "ON CONFLICT DO NOTHING", aggregateId, sequenceNumber);
        }
        if (changed > 0 && instance != null) {
            String key = Sql.key(instance.value());
            if (Sql.update(db, "UPDATE exec_lookup_version SET version = version + 1 WHERE instance_key = ?", key) == 0) {
                Sql.update(db, "INSERT INTO exec_lookup_version (instance_key, instance_id, version) VALUES (?, ?, 1)",
                        key, instance.value());
            }
        }
    }

    @Override
    public long version(InstanceId instance) {
        List<Long> rows = Sql.query(db, "SELECT version FROM exec_lookup_version WHERE instance_key = ?",
                rs -> rs.getLong(1), Sql.key(instance.value()));
        return rows.isEmpty() ? 0 : rows.get(0);
    }

    /** Aggregates with events in the store that the lookup has not applied. */
    /**
     * The aggregates with stored events newer than the lookup, among the events above the last checked
     * position only (a range of the global index, so a start reads the tail of the store, not all of it).
     * Events written through an engine are folded in their own transaction; what this finds are rows
     * imported by SQL since the last start.
     */
    List<String> staleAggregates(long checkedUpTo) {
        return Sql.query(db, "SELECT d.aggregateidentifier FROM domainevententry d "
                        + "LEFT JOIN exec_lookup_applied a ON a.aggregate_id = d.aggregateidentifier "
                        + "WHERE d.globalindex > ? AND (a.seq IS NULL OR d.sequencenumber > a.seq) "
                        // deliveries are not folded into the lookup (nor recorded as applied)
                        + "AND (d.type IS NULL OR d.type <> '" + Deliveries.AGGREGATE_TYPE + "') "
                        + "GROUP BY d.aggregateidentifier ORDER BY MIN(d.globalindex)",
                rs -> rs.getString(1), checkedUpTo);
    }

    /** The position up to which an earlier start checked the store, or -1. */
    long checkedUpTo() {
        List<Long> rows = Sql.query(db, "SELECT global_index FROM exec_lookup_checked WHERE id = 1", rs -> rs.getLong(1));
        return rows.isEmpty() ? -1 : rows.get(0);
    }

    /** The highest global index in the store, or -1 when it is empty. */
    long headIndex() {
        List<Long> rows = Sql.query(db, "SELECT MAX(globalindex) FROM domainevententry",
                rs -> rs.getObject(1) == null ? -1L : rs.getLong(1));
        return rows.isEmpty() ? -1 : rows.get(0);
    }

    void checked(long upTo) {
        if (Sql.update(db, "UPDATE exec_lookup_checked SET global_index = ? WHERE id = 1 AND global_index < ?",
                upTo, upTo) == 0) {
            Sql.update(db, "INSERT INTO exec_lookup_checked (id, global_index) VALUES (1, ?) ON CONFLICT DO NOTHING",
                    upTo);
        }
    }
}
