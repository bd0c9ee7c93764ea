package io.executions.runtime;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2Compaction forces the file to disk before it compacts, so what H2 wrote is on disk well within the 1 s chunk
 * retention of the engine's URL; and only when something was committed since its last pass, so an idle engine does
 * not sync four times a second.
 */
class H2CompactionTest {
    /** Long enough that only the test's own passes run. */
    private static final long NEVER_MILLIS = 3_600_000;

    @TempDir
    Path dir;

    @Test
    void aPassForcesTheFileToDiskOnlyWhenSomethingWasCommittedSinceTheLastPass() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(new StorageConfig.H2(dir.resolve("store")).jdbcUrl());
        db.setUser("sa");
        // a connection held keeps the database open between the statements
        try (Connection open = db.getConnection();
             H2Compaction compaction = H2Compaction.start(db, "h2-compaction-test", NEVER_MILLIS)) {
            execute(open, "CREATE TABLE t (id INT PRIMARY KEY)");
            compaction.compactOnce();
            assertThat(compaction.syncs()).as("after a commit").isEqualTo(1);

            compaction.compactOnce();
            compaction.compactOnce();
            assertThat(compaction.syncs()).as("idle: nothing committed since").isEqualTo(1);

            execute(open, "INSERT INTO t VALUES (1)");
            compaction.compactOnce();
            assertThat(compaction.syncs()).as("after another commit").isEqualTo(2);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
