package io.executions.runtime;

/** SPEC section 13 on PostgreSQL; skipped unless EXECUTIONS_PG_URL is set. */
class PostgresSafeChangeTest extends SafeChangeContract {
    private StorageConfig storage;

    @Override
    StorageConfig storage() {
        if (storage == null) {
            storage = TestStores.freshPostgresSchema();
        }
        return storage;
    }
}
