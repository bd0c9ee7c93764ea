package io.executions.runtime;

import io.executions.domain.api.Entry;
import io.executions.domain.api.Catalog;
import io.executions.domain.api.SetExecution;
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

/**
 * BENCHMARKS.md "Scale goals": the embedded H2 store stays within 4 KiB on disk per stored event, while open and
 * after close. While open, each commit writes a chunk of ~40 KiB (every changed page, leaf to root, of a dozen
 * tables and indexes); with H2's default 45 s chunk retention none of that space was reused for 45 s, so a burst of
 * writes grew the file by ~42 KiB per write. The engine's URL keeps replaced chunks for 1 s and H2Compaction forces
 * and compacts the file every 250 ms, so later writes reuse the space of earlier ones.
 */
class H2FileSizeTest {
    private static final long BOUND_PER_EVENT = 4096;
    private static final int WRITES = 2000;
    /** Writes that first grow the file (tables, indexes, the chunks of a burst). */
    private static final int FIRST_WRITES = 1000;
    /** Writes then made at {@link #WRITES_PER_SECOND}, as an admin's changes arrive over time, not in one burst. */
    private static final int LATER_WRITES = 2000;
    private static final int WRITES_PER_SECOND = 200;

    private static final Catalog CATALOG = new StaticCatalog(
            Map.of("a.b.S", IntStream.range(0, 500).mapToObj(i -> "M" + i).toList()), List.of(), List.of());

    @TempDir
    Path dir;

    @Test
    void whileOpenLaterWritesGrowTheFileByAtMostFourKibPerStoredEvent() throws Exception {
        Path file = dir.resolve("executions.mv.db");
        try (Executions engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(CATALOG).build()) {
            engine.createTarget(target(I1, "T1", "hook"));
            engine.createTarget(target(I1, "T2", "other"));
            for (int i = 0; i < FIRST_WRITES; i++) {
                engine.setExecution(write(i));
            }
            long sizeBefore = Files.size(file);
            long eventsBefore = engine.eventCount();
            long start = System.nanoTime();
            for (int i = 0; i < LATER_WRITES; i++) {
                long due = start + i * 1_000_000_000L / WRITES_PER_SECOND;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
                engine.setExecution(write(FIRST_WRITES + i));
            }
            long grown = Files.size(file) - sizeBefore;
            long events = engine.eventCount() - eventsBefore;
            assertThat(events).isEqualTo(LATER_WRITES);
            System.out.printf("H2FileSizeTest: %d -> %d bytes open over %d events (%d per event)%n", sizeBefore,
                    sizeBefore + grown, events, grown / events);
            // with H2's 45 s retention it grew by 41,015 bytes per event here
            assertThat(grown).as("bytes the open file grew by over %d events", events)
                    .isLessThanOrEqualTo(BOUND_PER_EVENT * events);
        }
    }

    /** New executions and rewrites of earlier ones, as an admin's changes over time. */
    private static SetExecution write(int i) {
        return set(I1, method(i % 500), Entry.target((i / 500) % 2 == 0 ? "T1" : "T2"));
    }

    @Test
    void theFileClosesWithinFourKibPerStoredEventAfterThousandsOfWrites() throws Exception {
        Path file = dir.resolve("executions.mv.db");
        long events;
        long closing;
        Executions engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(CATALOG).build();
        try {
            engine.createTarget(target(I1, "T1", "hook"));
            engine.createTarget(target(I1, "T2", "other"));
            for (int i = 0; i < WRITES; i++) {
                engine.setExecution(write(i));
            }
            events = engine.eventCount();
            assertThat(events).isEqualTo(WRITES + 2);
            System.out.printf("H2FileSizeTest: %d events, %d bytes open (%d per event)%n", events, Files.size(file),
                    Files.size(file) / events);
        } finally {
            closing = System.nanoTime();
            engine.close();
            closing = (System.nanoTime() - closing) / 1_000_000;
        }
        System.out.printf("H2FileSizeTest: %d bytes after close (%d per event), close took %d ms%n", Files.size(file),
                Files.size(file) / events, closing);
        assertThat(Files.size(file)).as("bytes on disk after close, for %d events", events)
                .isLessThanOrEqualTo(BOUND_PER_EVENT * events);
    }
}
