package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.StaticCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.method;
import static io.executions.runtime.Commands.set;
import static io.executions.runtime.Commands.target;
import static org.assertj.core.api.Assertions.assertThat;

/** BENCHMARKS.md "Scale goals": the embedded H2 store stays within 4 KiB on disk per stored event, open and closed. */
class H2FileSizeTest {
    private static final long BOUND_PER_EVENT = 4096;
    private static final int WRITES = 2000;

    private static final Catalog CATALOG = new StaticCatalog(
            Map.of("a.b.S", IntStream.range(0, 500).mapToObj(i -> "M" + i).toList()), List.of(), List.of());

    @TempDir
    Path dir;

    @Test
    void theFileStaysWithinFourKibPerStoredEventOverThousandsOfWrites() throws Exception {
        Path file = dir.resolve("executions.mv.db");
        long events;
        try (Executions engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(CATALOG).build()) {
            engine.createTarget(target(I1, "T1", "hook"));
            engine.createTarget(target(I1, "T2", "other"));
            for (int i = 0; i < WRITES; i++) {
                // new executions and rewrites of earlier ones, as an admin's changes over time
                engine.setExecution(set(I1, method(i % 500), Entry.target((i / 500) % 2 == 0 ? "T1" : "T2")));
            }
            events = engine.eventCount();
            assertThat(events).isEqualTo(WRITES + 2);
            // compaction runs once a second beside the writes: give it a few passes
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(file) > BOUND_PER_EVENT * events && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf("H2FileSizeTest: %d events, %d bytes open (%d per event)%n", events, Files.size(file),
                    Files.size(file) / events);
            assertThat(Files.size(file)).as("bytes on disk while open, for %d events", events)
                    .isLessThanOrEqualTo(BOUND_PER_EVENT * events);
        }
        System.out.printf("H2FileSizeTest: %d bytes after close (%d per event)%n", Files.size(file),
                Files.size(file) / events);
        assertThat(Files.size(file)).as("bytes on disk after close, for %d events", events)
                .isLessThanOrEqualTo(BOUND_PER_EVENT * events);
    }
}
