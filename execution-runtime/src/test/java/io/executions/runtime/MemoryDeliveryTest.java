package io.executions.runtime;

/** The delivery contract on the in-memory store. */
class MemoryDeliveryTest extends DeliveryContract {
    @Override
    StorageConfig storage() {
        return StorageConfig.memory();
    }
}
