package io.executions.runtime;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which H2 files engines of this JVM have open. H2 locks a file against other processes but shares it between
 * connections of one JVM, so two engines here could both write one file; then neither may trust the aggregates
 * it keeps ({@link AggregateCache}): a kept aggregate that the other engine changed would answer "unchanged" to
 * a change that is not stored. The claim tells each engine whether it is still the file's only writer. It is
 * JVM-wide state on purpose, as H2's own registry of open databases is.
 */
final class H2FileClaims {
    private static final ConcurrentHashMap<Path, Claim> OPEN = new ConcurrentHashMap<>();

    private H2FileClaims() {
    }

    /** Claims {@code file} for one more engine; a second claim marks the file shared for every holder. */
    static Claim claim(Path file) {
        Path key = file.toAbsolutePath().normalize();
        return OPEN.compute(key, (k, claim) -> {
            Claim c = claim == null ? new Claim(k) : claim;
            c.engines++;
            if (c.engines > 1) {
                c.shared = true;
            }
            return c;
        });
    }

    /** One engine's hold on an H2 file. */
    static final class Claim {
        private final Path file;
        private int engines;
        /** Once two engines had the file open, kept aggregates stay off for the rest of each engine's life. */
        private volatile boolean shared;

        private Claim(Path file) {
            this.file = file;
        }

        /** Whether no other engine of this JVM has opened the file since this one did. */
        boolean alone() {
            return !shared;
        }

        /** Gives up this engine's hold (at close); the last one removes the file from the registry. */
        void release() {
            OPEN.computeIfPresent(file, (k, c) -> {
                c.engines--;
                return c.engines == 0 ? null : c;
            });
        }
    }
}
