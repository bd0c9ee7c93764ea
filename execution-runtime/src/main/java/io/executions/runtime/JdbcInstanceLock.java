package io.executions.runtime;

import io.executions.domain.api.InstanceId;
import io.executions.domain.command.InstanceLock;

/**
 * The instance lock as a row lock in the shared database: {@code SELECT ... FOR UPDATE} on the
 * instance's row of {@code exec_instance_lock}, taken inside the command's transaction (the
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
    private final JdbcTransactionManager transactions;

    JdbcInstanceLock(JdbcTransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public void acquire(InstanceId instance) {
        if (!transactions.inTransaction()) {
            throw new IllegalStateException("the instance lock needs a transaction: it is held until it ends");
        }
        String key = Sql.key(instance.value());
        String lock = "SELECT instance_key FROM exec_instance_lock WHERE instance_key = ? FOR UPDATE";
        if (Sql.query(transactions, lock, rs -> rs.getString(1), key).isEmpty()) {
            // A concurrent first insert of the same row blocks this one until it commits, then does nothing.
            Sql.update(transactions, "INSERT INTO exec_instance_lock (instance_key, instance_id) VALUES (?, ?) "
                    + "ON CONFLICT DO NOTHING", key, instance.value());
            if (Sql.query(transactions, lock, rs -> rs.getString(1), key).isEmpty()) {
                throw new IllegalStateException("the lock row of instance '" + instance + "' vanished");
            }
        }
    }
}
