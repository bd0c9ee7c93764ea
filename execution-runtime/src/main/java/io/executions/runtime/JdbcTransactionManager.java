package io.executions.runtime;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A thread-bound JDBC transaction manager that is also the connection provider of every JDBC component
 * (event storage engine, command-side lookup, instance lock). Axon 4 has none without Spring.
 *
 * <p>{@code SimpleCommandBus} attaches a transaction to each command's unit of work before the handler
 * interceptors run, so the instance lock, the aggregate load, the event append and the subscribing
 * command-side lookup all use one connection and commit or roll back together. Nested transactions
 * join the outer one; a nested rollback dooms the outer transaction. Outside a transaction a plain
 * auto-commit connection is handed out. The thread-local is an instance field: two engines in one JVM
 * never see each other's transactions.
 */
final class JdbcTransactionManager implements TransactionManager, ConnectionProvider {
    private final DataSource dataSource;
    private final ThreadLocal<Bound> current = new ThreadLocal<>();

    JdbcTransactionManager(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static final class Bound {
        final Connection connection;
        final Connection handedOut;
        int depth = 1;
        boolean rollbackOnly;

        Bound(Connection connection) {
            this.connection = connection;
            this.handedOut = unclosable(connection);
        }
    }

    @Override
    public Transaction startTransaction() {
        Bound bound = current.get();
        if (bound != null) {
            bound.depth++;
            return new Nested(bound);
        }
        Connection connection;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("could not start a database transaction", e);
        }
        Bound started = new Bound(connection);
        current.set(started);
        return new Outer(started);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Bound bound = current.get();
        return bound != null ? bound.handedOut : dataSource.getConnection();
    }

    /**
     * Runs {@code work} with the host's connection as this thread's transaction (the transactional
     * outbox): every JDBC component of the engine writes through it, nothing here commits, rolls back or
     * closes it. The host ends the transaction.
     */
    <T> T inHostTransaction(Connection connection, java.util.function.Supplier<T> work) {
        if (current.get() != null) {
            throw new IllegalStateException("this thread is already in a transaction of the engine");
        }
        Bound bound = new Bound(connection);
        current.set(bound);
        try {
            T result = work.get();
            if (bound.rollbackOnly) {
                throw new IllegalStateException("a nested transaction failed; roll the host transaction back");
            }
            return result;
        } finally {
            current.remove();
        }
    }

    /** True when the calling thread is inside a transaction of this manager. */
    boolean inTransaction() {
        return current.get() != null;
    }

    private final class Outer implements Transaction {
        private final Bound bound;
        private boolean done;

        Outer(Bound bound) {
            this.bound = bound;
        }

        @Override
        public void commit() {
            if (done) {
                return;
            }
            done = true;
            try {
                if (bound.rollbackOnly) {
                    bound.connection.rollback();
                    throw new IllegalStateException("a nested transaction was rolled back; the outer one was too");
                }
                bound.connection.commit();
            } catch (SQLException e) {
                safeRollback();
                throw new IllegalStateException("could not commit the database transaction", e);
            } finally {
                release();
            }
        }

        @Override
        public void rollback() {
            if (done) {
                return;
            }
            done = true;
            try {
                safeRollback();
            } finally {
                release();
            }
        }

        private void safeRollback() {
            try {
                bound.connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; closing it below returns it to the pool, which discards it
            }
        }

        private void release() {
            current.remove();
            try {
                bound.connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the pool resets or evicts the connection
            }
            try {
                bound.connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private static final class Nested implements Transaction {
        private final Bound bound;
        private boolean done;

        Nested(Bound bound) {
            this.bound = bound;
        }

        @Override
        public void commit() {
            if (!done) {
                done = true;
                bound.depth--;
            }
        }

        @Override
        public void rollback() {
            if (!done) {
                done = true;
                bound.depth--;
                bound.rollbackOnly = true;
            }
        }
    }

    /** The bound connection as seen by Axon's JDBC code, which closes every connection it is given. */
    private static Connection unclosable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return connection.isClosed();
                        case "commit":
                        case "rollback":
                        case "setAutoCommit":
                            if (method.getParameterCount() <= 1) {
                                // the transaction manager alone ends the transaction
                                return null;
                            }
                            break;
                        default:
                            break;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getTargetException();
                    }
                });
    }
}
