package io.executions.runtime;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2SafeChangeTest extends SafeChangeContract {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return StorageConfig.h2(dir.resolve("executions"));
    }
}
