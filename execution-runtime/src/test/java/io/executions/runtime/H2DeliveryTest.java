package io.executions.runtime;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The delivery contract on an H2 file. */
class H2DeliveryTest extends DeliveryContract {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return StorageConfig.h2(dir.resolve("executions"));
    }
}
