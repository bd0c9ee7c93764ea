package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;

/** BENCHMARKS.md "Scale goals": a start loads the read-model snapshot and replays only the tail of the store. */
class ReadModelSnapshotTest {
    @TempDir
    Path dir;
    private Executions engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private Executions open() {
        engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(TestStores.CATALOG).snapshotInterval(Duration.ZERO).build();
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        return engine;
    }

    /** The tracking read models take the store's events a little after the command returned. */
    private void awaitTrackedToHead() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (engine.catchUp().position() < engine.catchUp().head() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private Path snapshot() {
        return dir.resolve("executions.readmodels");
    }

    private String resolvedTarget(int method) {
        Resolution r = engine.queries().resolve(I1, ResolveQuery.request("/a.b.S/M" + method));
        return r.targets().isEmpty() ? null : r.targets().get(0).id().value();
    }

    @Test
    void aCleanStopLeavesASnapshotThatTheNextStartLoadsAndReplayVerifies() {
        open().createTarget(target(I1, "T1", "hook"));
        for (int i = 0; i < 10; i++) {
            engine.setExecution(set(I1, method(i), Entry.target("T1")));
        }
        engine.setExecution(set(I1, method(10), Entry.include(method(3))));
        engine.close();
        assertThat(snapshot()).isRegularFile();

        open();

        CatchUpStatus status = engine.catchUp();
        assertThat(status.fromSnapshot()).isTrue();
        assertThat(status.caughtUp()).isTrue();
        assertThat(status.snapshotPosition()).isEqualTo(status.head());
        assertThat(resolvedTarget(10)).isEqualTo("T1");
        assertThat(engine.queries().resolve(I1, ResolveQuery.request("/a.b.S/M10")).targets().get(0).via())
                .extracting(ExecutionId::value).containsExactly("request/a.b.S/M10", "request/a.b.S/M3");
        assertThat(engine.verifyReplay(null).differences()).isEmpty();
    }

    @Test
    void writesAfterTheSnapshotAreReplayedFromTheTailOfTheStore() throws Exception {
        open().createTarget(target(I1, "T1", "hook"));
        engine.createTarget(target(I1, "T2", "other"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        awaitTrackedToHead();
        assertThat(engine.writeReadModelSnapshot()).isTrue();
        Path older = dir.resolve("older");
        Files.copy(snapshot(), older);
        engine.setExecution(set(I1, method(1), Entry.target("T2")));
        engine.setExecution(set(I1, method(2), Entry.target("T1")));
        engine.close();
        // as after a crash: the last snapshot is older than the store
        Files.copy(older, snapshot(), StandardCopyOption.REPLACE_EXISTING);

        open();

        CatchUpStatus status = engine.catchUp();
        assertThat(status.fromSnapshot()).isTrue();
        assertThat(status.snapshotPosition()).isLessThan(status.head());
        assertThat(status.position()).isEqualTo(status.head());
        assertThat(resolvedTarget(1)).isEqualTo("T2");
        assertThat(resolvedTarget(2)).isEqualTo("T1");
        assertThat(engine.verifyReplay(null).differences()).isEmpty();
    }

    @Test
    void aDamagedSnapshotIsIgnoredAndTheWholeStoreReplayed() throws Exception {
        open().createTarget(target(I1, "T1", "hook"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.close();
        byte[] bytes = Files.readAllBytes(snapshot());
        bytes[bytes.length - 5] ^= 0x5a;
        Files.write(snapshot(), bytes);

        open();

        assertThat(engine.catchUp().fromSnapshot()).isFalse();
        assertThat(resolvedTarget(1)).isEqualTo("T1");
        assertThat(engine.verifyReplay(null).differences()).isEmpty();
    }

    @Test
    void aSnapshotOfAnotherStoreIsIgnored() throws Exception {
        open().createTarget(target(I1, "T1", "hook"));
        engine.setExecution(set(I1, method(1), Entry.target("T1")));
        engine.close();
        Path foreign = dir.resolve("foreign");
        Files.move(snapshot(), foreign);
        for (String name : new String[]{"executions.mv.db", "executions.trace.db"}) {
            Files.deleteIfExists(dir.resolve(name));
        }
        open().createTarget(target(I1, "T2", "other"));
        engine.setExecution(set(I1, method(2), Entry.target("T2")));
        engine.close();
        Files.copy(foreign, snapshot(), StandardCopyOption.REPLACE_EXISTING);

        open();

        assertThat(engine.catchUp().fromSnapshot()).isFalse();
        assertThat(resolvedTarget(1)).isNull();
        assertThat(resolvedTarget(2)).isEqualTo("T2");
    }
}
