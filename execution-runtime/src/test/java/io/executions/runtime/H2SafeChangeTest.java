package io.executions.runtime;

import io.executions.domain.api.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;

class H2SafeChangeTest extends SafeChangeContract {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return StorageConfig.h2(dir.resolve("executions"));
    }

    @Test
    void theVersionSurvivesARestartAndIsCountedForAStoreWrittenBeforeVersionsExisted() throws Exception {
        engine.createTarget(target(I1, "T1", "one"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        engine.close();

        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).build();
        assertThat(engine.instanceVersion(I1)).isEqualTo(3);
        assertThat(engine.awaitCaughtUp(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(engine.safeChange().version(I1)).isEqualTo(3);
        engine.close();

        // a store of an older release: no version table
        try (Connection c = TestStores.connect(storage()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE exec_lookup_version");
        }
        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).build();
        assertThat(engine.instanceVersion(I1)).isEqualTo(3);
        engine.setExecution(set(I1, method(3), Entry.include(method(1))));
        assertThat(engine.instanceVersion(I1)).isEqualTo(4);
    }
}
