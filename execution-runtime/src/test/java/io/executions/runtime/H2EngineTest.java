package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class H2EngineTest extends EngineContract {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return StorageConfig.h2(dir.resolve("executions"));
    }

    @Test
    void eventsAndTheCommandSideLookupSurviveACloseAndReopen() {
        engine.createTarget(target(I1, "T1", "hook"));
        SetExecutionResult first = engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.close();

        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).build();
        SetExecutionResult again = engine.setExecution(set(I1, method(1), Entry.target("T1")));
        SetExecutionResult including = engine.setExecution(set(I1, method(2), Entry.include(method(1))));
        Rejection cycle = catchThrowableOfType(Rejection.class,
                () -> engine.setExecution(set(I1, method(1), Entry.include(method(2)))));

        assertThat(again).isEqualTo(new SetExecutionResult(first.setDate(), false));
        assertThat(including.written()).isTrue();
        assertThat(cycle.messageKey()).isEqualTo(MessageKeys.CIRCULAR_INCLUDE);
        assertThat(engine.eventCount()).isEqualTo(3);
    }

    @Test
    void aReplayVerifiedRightAfterReopeningWaitsForTheReadModelsAndFindsThemEqual() {
        engine.createTarget(target(I1, "T1", "hook"));
        for (int i = 0; i < 20; i++) {
            engine.setExecution(set(I1, method(i), Entry.target("T1")));
        }
        engine.close();

        engine = Executions.builder().storage(storage()).catalog(TestStores.CATALOG).build();
        var report = engine.verifyReplay(null);

        assertThat(report.differences()).isEmpty();
        assertThat(report.events()).isEqualTo(21);
    }

    @Test
    void theStoredPayloadIsTheReadableJsonWithItsRevision() throws Exception {
        engine.createTarget(target(I1, "T1", "hook"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        ExecutionSet event = (ExecutionSet) allEvents().get(1);

        try (Connection c = TestStores.connect(storage()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT payloadtype, payloadrevision, payload FROM domainevententry "
                     + "ORDER BY globalindex DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(ExecutionSet.class.getName());
            assertThat(rs.getString(2)).isEqualTo("1");
            assertThat(new String(rs.getBytes(3), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"instance\":\"i1\",\"executionId\":\"request/a.b.S/M1\","
                            + "\"condition\":{\"request\":{\"method\":\"/a.b.S/M1\"}},"
                            + "\"entries\":[{\"target\":\"T1\"}],\"actor\":\"u1\",\"at\":\"" + event.at() + "\"}");
        }
    }
}
