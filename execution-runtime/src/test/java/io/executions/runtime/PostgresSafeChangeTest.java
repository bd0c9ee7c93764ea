package io.executions.runtime;

/** docs/safe-change.md on PostgreSQL; skipped unless EXECUTIONS_PG_URL is set. */
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
