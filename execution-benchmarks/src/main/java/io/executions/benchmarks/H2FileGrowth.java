package io.executions.benchmarks;

import io.executions.benchmarks.support.WriteWorkload;
import io.executions.domain.api.SetExecutionResult;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Disk bytes per stored event of an embedded H2 store after many single-command writes (BENCHMARKS.md
 * "Scale goals": at most 4 KiB per event after 100k writes): n SetExecution commands through the engine, each
 * its own commit (the workload of {@link FairWriteBenchmark}: 1,000 conditions, each rewritten n/1000
 * times), the file size printed every 10,000 writes, right after the last write, and after a clean close.
 *
 * <pre>
 * java -cp benchmarks.jar io.executions.benchmarks.H2FileGrowth /tmp/h2growth 100000
 * </pre>
 */
public final class H2FileGrowth {
    private H2FileGrowth() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int writes = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        Path file = dir.resolve("executions.mv.db");
        Files.deleteIfExists(file);
        WriteWorkload workload = new WriteWorkload();
        long events;
        long started = System.nanoTime();
        try (Executions engine = Executions.builder().storage(StorageConfig.h2(dir.resolve("executions")))
                .catalog(workload.catalog()).build()) {
            workload.createTargets(engine);
            for (long op = 0; op < writes; op++) {
                SetExecutionResult result = engine.setExecution(workload.command(op));
                if (!result.written()) {
                    throw new IllegalStateException("the workload must change the list every time");
                }
                if ((op + 1) % 10_000 == 0) {
                    long n = engine.eventCount();
                    System.out.printf(Locale.ROOT, "{\"writes\":%d,\"events\":%d,\"bytes\":%d,\"bytesPerEvent\":%.0f,"
                                    + "\"seconds\":%.0f}%n", op + 1, n, Files.size(file), (double) Files.size(file) / n,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            events = engine.eventCount();
            System.out.printf(Locale.ROOT, "{\"open\":true,\"events\":%d,\"bytes\":%d,\"bytesPerEvent\":%.0f}%n",
                    events, Files.size(file), (double) Files.size(file) / events);
        }
        System.out.printf(Locale.ROOT, "{\"closed\":true,\"events\":%d,\"bytes\":%d,\"bytesPerEvent\":%.0f}%n", events,
                Files.size(file), (double) Files.size(file) / events);
    }
}
