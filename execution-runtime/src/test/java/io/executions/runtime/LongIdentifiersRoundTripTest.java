package io.executions.runtime;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.CodePoints;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.StaticCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A method of 1000 code points, many of them 4-byte characters (4000 UTF-8 bytes), a 200-code-point
 * target id and a 1000-code-point target name survive a write, a restart and a read back, in the event
 * store and in the command-side lookup.
 */
class LongIdentifiersRoundTripTest {
    private static final String FACE = "\uD83D\uDE00"; // U+1F600, 4 bytes in UTF-8
    private static final String SERVICE = "a.b." + FACE.repeat(400) + "S";
    private static final String METHOD_NAME = "M" + FACE.repeat(1000 - 2 - CodePoints.length(SERVICE) - 1);
    private static final String METHOD = "/" + SERVICE + "/" + METHOD_NAME;
    private static final String TARGET_ID = FACE.repeat(199) + "T";
    private static final String TARGET_NAME = "n" + FACE.repeat(999);
    private static final Catalog CATALOG = new StaticCatalog(Map.of(SERVICE, List.of(METHOD_NAME)), List.of(), List.of());

    @TempDir
    Path dir;

    @Test
    void aThousandCodePointMethodRoundTripsThroughTheH2FileStore() {
        roundTrip(StorageConfig.h2(dir.resolve("long")));
    }

    @Test
    void aThousandCodePointMethodRoundTripsThroughPostgres() {
        roundTrip(TestStores.freshPostgresSchema());
    }

    private void roundTrip(StorageConfig storage) {
        assertThat(CodePoints.length(METHOD)).isEqualTo(1000);
        Condition method = Condition.requestMethod(METHOD);
        Condition service = Condition.requestService(SERVICE);
        SetExecutionResult written;
        try (Executions engine = Executions.builder().storage(storage).catalog(CATALOG).build()) {
            engine.createTarget(target(I1, TARGET_ID, TARGET_NAME));
            written = engine.setExecution(set(I1, method, Entry.target(TARGET_ID)));
            engine.setExecution(set(I1, service, Entry.include(method)));
        }

        try (Executions engine = Executions.builder().storage(storage).catalog(CATALOG).build()) {
            List<Object> events = EngineContract.allEvents(engine);
            SetExecutionResult resent = engine.setExecution(set(I1, method, Entry.target(TARGET_ID)));
            Rejection stillIncluded = catchThrowableOfType(Rejection.class, () -> engine.setExecution(set(I1, method)));
            Rejection nameTaken = catchThrowableOfType(Rejection.class,
                    () -> engine.createTarget(target(I1, "other", TARGET_NAME)));

            assertThat(events).contains(new ExecutionSet(I1, method.id(), method, List.of(Entry.target(TARGET_ID)),
                    "u1", written.setDate()));
            assertThat(resent).isEqualTo(new SetExecutionResult(written.setDate(), false));
            assertThat(stillIncluded.messageKey()).isEqualTo(MessageKeys.STILL_INCLUDED);
            assertThat(stillIncluded.getMessage()).contains(service.id().value());
            assertThat(nameTaken.messageKey()).isEqualTo(MessageKeys.TARGET_ALREADY_EXISTS);
        }
    }
}
