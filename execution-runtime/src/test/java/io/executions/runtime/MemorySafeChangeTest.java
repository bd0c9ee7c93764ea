package io.executions.runtime;

class MemorySafeChangeTest extends SafeChangeContract {
    @Override
    StorageConfig storage() {
        return StorageConfig.memory();
    }
}
