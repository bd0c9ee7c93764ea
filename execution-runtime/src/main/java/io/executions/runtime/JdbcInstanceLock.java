package io.executions.runtime;

import io.executions.domain.api.InstanceId;
import io.executions.domain.command.InstanceLock;

/**
 * The instance lock as a row lock in the shared database, on the instance's row of
 * {@code exec_instance_lock}: {@code SELECT ... FOR UPDATE} on PostgreSQL, an update of the row to its own
 * value on H2 (see {@link #H2_LOCK}). It is taken inside the command's transaction (the
 * {@code InstanceSerializingInterceptor} runs after {@code SimpleCommandBus} attached the transaction
 * and before the aggregate is loaded) and released by its commit or rollback. Every process on the same
 * database queues on the same row, which is what makes rules 8 to 12 hold across processes (see
 * {@link JdbcCommandSideLookup}).
 */
final class JdbcInstanceLock implements InstanceLock {
    static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS exec_instance_lock (instance_key VARCHAR(64) PRIMARY KEY, "
                    + "instance_id VARCHAR NOT NULL)"
    };
    /**
     * On H2 the row is locked by writing it. H2 2.3.232 (and 2.4.240, 2.5.252) let two transactions hold the lock of
     * {@code SELECT ... FOR UPDATE} at once now and then: with 8 engine threads on one instance, two sessions
     * were seen past the lock together, both with uncommitted changes, the waiting sessions naming one or the
     * other as their blocker (about 15 times a minute on a loaded machine), and two commands' checks then
     * overlapped: an include of an execution cleared meanwhile was stored (ConcurrentWritersTest, about once
     * in 100 runs). A plain {@code UPDATE} of the row takes H2's ordinary write lock, which held in every run
     * (InstanceLockExclusionTest). PostgreSQL's {@code FOR UPDATE} is exact and writes no new row version.
     */
    static final String H2_LOCK = "UPDATE exec_instance_lock SET instance_id = instance_id WHERE instance_key = ?";
    private static final String POSTGRES_LOCK =
            "SELECT instance_key FROM exec_instance_lock WHERE instance_key = ? FOR UPDATE";
    private final JdbcTransactionManager transactions;
    private final boolean postgres;

    JdbcInstanceLock(JdbcTransactionManager transactions, boolean postgres) {
        this.transactions = transactions;
        this.postgres = postgres;
    }

    /** Locks the row; false when the instance has no row yet. */
    private boolean lockRow(String key) {
        return postgres
                ? !Sql.query(transactions, POSTGRES_LOCK, rs -> rs.getString(1), key).isEmpty()
                : Sql.update(transactions, H2_LOCK, key) == 1;
    }

    @Override
    public void acquire(InstanceId instance) {
        if (!transactions.inTransaction()) {
            throw new IllegalStateException("the instance lock needs a transaction: it is held until it ends");
        }
        String key = Sql.key(instance.value());
        if (!lockRow(key)) {
            // A concurrent first insert of the same row blocks this one until it commits, then does nothing.
            Sql.update(transactions, "INSERT INTO exec_instance_lock (instance_key, instance_id) VALUES (?, ?) "
                    + "ON CONFLICT DO NOTHING", key, instance.value());
            if (!lockRow(key)) {
                throw new IllegalStateException("the lock row of instance '" + instance + "' vanished");
            }
        }
    }
}
