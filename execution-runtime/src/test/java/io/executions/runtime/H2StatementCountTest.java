package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.projections.ResolveQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How many SQL statements one SetExecution runs on a JDBC store, read from H2's query statistics. Every
 * statement is a round trip on PostgreSQL, so this is the write path's cost model; the figure is in
 * BENCHMARKS.md. Statements of the event store's background polling (the tracking read models) are not
 * part of a command and are left out.
 */
class H2StatementCountTest {
    @TempDir
    Path dir;
    private StorageConfig storage;
    private Executions engine;

    @BeforeEach
    void start() {
        storage = StorageConfig.h2(dir.resolve("count"));
        engine = Executions.builder().storage(storage).catalog(TestStores.CATALOG).build();
        engine.createTarget(target(I1, "T1", "one"));
        engine.createTarget(target(I1, "T2", "two"));
        engine.createTarget(target(I1, "T3", "three"));
        // the instance's lock row and the execution exist: what follows is the steady state
        engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("T2")));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aSetExecutionOfThreeTargetsRunsThirteenStatementsInElevenRoundTripsWhenTheEngineHasNotLoadedTheExecution() {
        // a new engine on the same file: it has not loaded the execution yet
        engine.close();
        engine = Executions.builder().storage(storage).catalog(TestStores.CATALOG).build();

        Map<String, Long> statements = countStatements(() ->
                engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("T2"), Entry.target("T3"))));

        // lock; aggregate events; targets; includers (rules 11 and 12); event insert; lookup: 2 deletes,
        // upsert, one batch of 3 entry rows (one round trip); applied sequence; the instance version (If-Match)
        assertThat(total(statements)).as("statements: %s", statements).isEqualTo(13);
        assertThat(statements).containsEntry(
                "update exec_lookup_version set version = version + 1 where instance_key = ?", 1L);
        assertThat(statements).containsEntry(
                "insert into exec_lookup_entry (execution_key, pos, kind, ref) values (?, ?, ?, ?)", 3L);
        assertThat(statements.keySet()).anyMatch(AggregateRead::matches);
        assertThat(statements.keySet()).noneMatch(sql -> sql.contains("snapshotevententry"));
    }

    @Test
    void aSetExecutionOfAnExecutionThisEngineChangedBeforeDoesNotReadItsEventsAgain() {
        Map<String, Long> statements = countStatements(() ->
                engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("T2"), Entry.target("T3"))));

        // the H2 file is this engine's alone, so its last write of the aggregate is the aggregate (AggregateCache)
        assertThat(total(statements)).as("statements: %s", statements).isEqualTo(12);
        assertThat(statements.keySet()).noneMatch(AggregateRead::matches);
    }

    @Test
    void aRejectedCommandLeavesTheNextOneCorrect() {
        // rule 9: an unknown target; the aggregate was loaded (from the cache) and the unit of work rolled back
        assertThatThrownBy(() -> engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("nope"))))
                .isInstanceOf(io.executions.domain.api.Rejection.class);

        engine.setExecution(set(I1, method(1), Entry.target("T3")));

        assertThat(engine.queries().resolve(I1, ResolveQuery.request(method(1).value())).targets())
                .extracting(t -> t.id().value()).containsExactly("T3");
    }

    @Test
    void aCommandRolledBackAfterItsEventWasAppliedLeavesNoTraceInTheKeptAggregate() throws SQLException {
        // M1 = [T1, T2] is kept; the lookup's entry table is made unwritable, so the next change fails after
        // the aggregate applied its event in memory, when the lookup rows are written in the same transaction
        try (Connection c = TestStores.connect(storage); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE exec_lookup_entry RENAME TO exec_lookup_entry_away");
            try {
                assertThatThrownBy(() -> engine.setExecution(set(I1, method(1), Entry.target("T3"))))
                        .isNotInstanceOf(io.executions.domain.api.Rejection.class);
            } finally {
                st.execute("ALTER TABLE exec_lookup_entry_away RENAME TO exec_lookup_entry");
            }
        }

        // the stored list is still [T1, T2]: a kept aggregate holding the rolled-back [T3] would call this a change
        var result = engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("T2")));

        assertThat(result.written()).isFalse();
    }

    @Test
    void aSecondEngineOnTheSameFileInThisJvmTurnsTheKeptAggregatesOff() {
        // this engine keeps M1 = [T1, T2]; another engine of this JVM opens the file and changes M1
        try (Executions other = Executions.builder().storage(storage).catalog(TestStores.CATALOG).build()) {
            other.setExecution(set(I1, method(1), Entry.target("T3")));

            // from a kept (stale) aggregate this would answer "unchanged" and store nothing
            var result = engine.setExecution(set(I1, method(1), Entry.target("T1"), Entry.target("T2")));

            assertThat(result.written()).isTrue();
        }
    }

    private static long total(Map<String, Long> statements) {
        return statements.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The aggregate load: the events of one aggregate, in sequence (Axon's JdbcEventStorageEngine). */
    private static final class AggregateRead {
        static boolean matches(String sql) {
            return sql.contains("from domainevententry") && sql.contains("aggregateidentifier = ?");
        }
    }

    private Map<String, Long> countStatements(Runnable command) {
        try (Connection c = TestStores.connect(storage); Statement st = c.createStatement()) {
            st.execute("SET QUERY_STATISTICS TRUE");
            try {
                command.run();
                Map<String, Long> counts = new LinkedHashMap<>();
                try (ResultSet rs = st.executeQuery(
                        "SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                    while (rs.next()) {
                        String sql = rs.getString(1).toLowerCase();
                        if (!isBackground(sql)) {
                            counts.merge(sql, rs.getLong(2), Long::sum);
                        }
                    }
                }
                return counts;
            } finally {
                st.execute("SET QUERY_STATISTICS FALSE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The event store's producer polling for new events, this test's own statements, commits (H2 counts
     * those of every session; a command has exactly one), and the settings the pool runs when it opens a
     * connection in the background.
     */
    private static boolean isBackground(String sql) {
        return sql.contains("globalindex >") || sql.contains("query_statistics") || sql.equals("commit")
                || sql.startsWith("set ") || sql.equals("call readonly()");
    }
}
