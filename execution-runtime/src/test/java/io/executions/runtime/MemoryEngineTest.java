package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryEngineTest extends EngineContract {
    @Override
    StorageConfig storage() {
        return StorageConfig.memory();
    }

    @Test
    void twoEnginesInOneJvmShareNothing() {
        try (Executions other = Executions.builder().catalog(TestStores.CATALOG).build()) {
            engine.createTarget(target(I1, "T1", "hook"));
            engine.setExecution(set(I1, method(1), Entry.target("T1")));

            assertThat(other.eventCount()).isZero();
            assertThat(allEvents(other)).isEmpty();
            // the other engine's lookup has no T1 either: the same target id and name are free there
            assertThat(other.createTarget(target(I1, "T1", "hook")).signingKey()).isNotBlank();
            assertThat(engine.eventCount()).isEqualTo(2);
            assertThat(other.eventCount()).isEqualTo(1);
        }
    }

    @Test
    void closeIsIdempotentAndACommandAfterCloseIsRefused() {
        engine.close();
        engine.close();

        assertThatThrownBy(() -> engine.createTarget(target(I1, "T1", "hook")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(engine.isCaughtUp()).isFalse();
    }

    @Test
    void metricsGoToTheGivenRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Executions measured = Executions.builder().catalog(TestStores.CATALOG).meterRegistry(registry).build()) {
            measured.createTarget(target(InstanceId.of("i9"), "T1", "hook"));
        }

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("commandBus.successCounter");
        assertThat(registry.get("commandBus.successCounter").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aMissingStorageIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Executions.builder().storage(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage is required");
    }

    @Test
    void aMissingCatalogIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Executions.builder().catalog(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("catalog is required");
    }

    @Test
    void aPostgresUrlOfAnotherDatabaseIsRefused() {
        assertThatThrownBy(() -> StorageConfig.postgresql("jdbc:mysql://localhost/x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a PostgreSQL url must start with jdbc:postgresql:");
    }

    @Test
    void anH2StorageNeedsAPath() {
        assertThatThrownBy(() -> StorageConfig.h2(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("an H2 storage needs a path");
    }
}
