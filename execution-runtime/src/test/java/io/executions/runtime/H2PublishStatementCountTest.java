package io.executions.runtime;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.HostEvent;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.executions.runtime.Commands.I1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements one publish with one target runs on H2 (the write path's cost model, see BENCHMARKS.md):
 * resolution answers from memory, so a publish is the event insert and the delivery row insert, one commit.
 */
class H2PublishStatementCountTest {
    @TempDir
    Path dir;

    @Test
    void aPublishWithOneTargetRunsTwoInsertsTheEventAndTheDeliveryRow() throws Exception {
        StorageConfig storage = StorageConfig.h2(dir.resolve("count"));
        try (Executions e = Executions.builder().storage(storage).catalog(DeliveryContract.CATALOG)
                .delivery(DeliveryConfig.builder().build()).build()) {
            e.createTarget(new CreateTarget(I1, TargetId.of("T1"), "t1", TargetType.REST_WEBHOOK, false,
                    "https://example.com/h", Duration.ofSeconds(2), "u1"));
            e.setExecution(new SetExecution(I1, Condition.eventAll(), List.of(Entry.target("T1")), "u1"));
            e.deliveries().publish(I1, HostEvent.of("org.added", "{}"), "u1");

            Map<String, Long> counts = new LinkedHashMap<>();
            try (Connection c = TestStores.connect(storage); Statement st = c.createStatement()) {
                st.execute("SET QUERY_STATISTICS TRUE");
                e.deliveries().publish(I1, HostEvent.of("org.added", "{\"n\":1}"), "u1");
                try (ResultSet rs = st.executeQuery(
                        "SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                    while (rs.next()) {
                        String sql = rs.getString(1).toLowerCase();
                        if (!sql.contains("globalindex >") && !sql.contains("query_statistics")
                                && !sql.startsWith("set ") && !sql.equals("call readonly()")
                                && !sql.equals("commit")) { // H2 counts the commits of every session
                            counts.merge(sql, rs.getLong(2), Long::sum);
                        }
                    }
                }
                st.execute("SET QUERY_STATISTICS FALSE");
            }
            assertThat(counts).as("statements: %s", counts).hasSize(2);
            assertThat(counts.values()).containsOnly(1L);
            assertThat(counts.keySet()).anyMatch(sql -> sql.startsWith("insert into domainevententry "))
                    .anyMatch(sql -> sql.startsWith("insert into exec_delivery "));
        }
    }
}
