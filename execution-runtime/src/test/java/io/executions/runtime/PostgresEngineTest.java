package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import org.junit.jupiter.api.Test;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The engine contract on PostgreSQL; skipped unless EXECUTIONS_PG_URL is set. */
class PostgresEngineTest extends EngineContract {
    private StorageConfig storage;

    @Override
    StorageConfig storage() {
        if (storage == null) {
            storage = TestStores.freshPostgresSchema();
        }
        return storage;
    }

    @Test
    void aSecondEngineOnTheSameDatabaseSeesTheFirstOnesWrites() {
        engine.createTarget(target(I1, "T1", "hook"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));

        try (Executions second = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).build()) {
            Rejection duplicate = catchThrowableOfType(Rejection.class,
                    () -> second.createTarget(target(I1, "T2", "hook")));
            second.setExecution(set(I1, method(2), Entry.include(method(1))));
            Rejection stillIncluded = catchThrowableOfType(Rejection.class,
                    () -> engine.setExecution(set(I1, method(1))));

            assertThat(duplicate.messageKey()).isEqualTo(MessageKeys.TARGET_ALREADY_EXISTS);
            assertThat(stillIncluded.messageKey()).isEqualTo(MessageKeys.STILL_INCLUDED);
            assertThat(engine.eventCount()).isEqualTo(3);
        }
    }
}
