package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.ReadModelFeeder;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Retained heap of the read models: used heap after full GCs with the read models built from the events of
 * the main instance of {@code 1x<size>} (size executions, size / 20 targets), minus used heap before, with
 * nothing of the dataset or the events left reachable except through the read models. Prints one JSON line.
 * Run it in its own JVM ({@code scripts/bench.sh} does): other objects would blur the difference.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // load and initialise every class the measurement uses, so the "before" includes them
        ReadModels warm = ReadModelFeeder.build(Dataset.of("1x100").mainOnly(), LockOutGuard.DEFAULT);
        long warmCount = warm.hashCode();
        warm = null;
        long before = settledHeap(memory);
        int[] counts = new int[2];
        ReadModels models = build(size, counts);
        long after = settledHeap(memory);
        long retained = after - before;
        System.out.printf(Locale.ROOT,
                "{\"benchmark\":\"memory\",\"method\":\"MemoryMXBean used heap after System.gc() x5, before/after"
                        + " building\",\"executions\":%d,\"targets\":%d,\"retainedBytes\":%d,"
                        + "\"bytesPerExecution\":%.1f,\"check\":%d}%n",
                counts[0], counts[1], retained, (double) retained / counts[0],
                (models.hashCode() ^ warmCount) == 0 ? 1 : 0);
    }

    private static ReadModels build(int size, int[] counts) {
        Dataset dataset = Dataset.single(size);
        counts[0] = dataset.executionCount();
        counts[1] = dataset.targetCount();
        return ReadModelFeeder.build(dataset, LockOutGuard.DEFAULT);
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
