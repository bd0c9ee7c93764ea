package io.executions.server;

import io.executions.api.ExecutionsHttpApi;

import java.time.Duration;

/**
 * The standalone server's limits and timeouts; every Armeria default that matters is replaced by one of these.
 *
 * @param maxRequestLength  largest request body read (bytes); a REST body over 1 MiB is 413 whatever this says,
 *                          the extra room is for gRPC framing and for gRPC-Web text, whose base64 is 4/3 of the
 *                          message: so a message just over the 1 MiB message limit reaches the gRPC layer and is
 *                          answered RESOURCE_EXHAUSTED there, not 413 by the HTTP layer
 * @param requestTimeout    a request (headers, body and answer) must be done within this
 * @param idleTimeout       a connection with no request in flight, including one that has sent a request line but
 *                          not yet all its headers, is closed after this
 * @param maxConnections    open connections at most; more are refused at accept
 * @param blockingThreads   threads for the application service (it blocks on the store)
 * @param maxHeaderBytes    HTTP/1 header block and HTTP/2 header list at most
 * @param maxInitialLine    HTTP/1 request line at most (bytes)
 * @param shutdownGrace     on stop, running requests get this long to finish
 */
public record ServerLimits(long maxRequestLength, Duration requestTimeout, Duration idleTimeout, int maxConnections,
                           int blockingThreads, int maxHeaderBytes, int maxInitialLine, Duration shutdownGrace) {
    /** 1.5 MiB, 30 s, 30 s (the JDK server's keep-alive, which this replaced), 4096, 16, 16 KiB, 8 KiB, 2 s. */
    public static final ServerLimits DEFAULTS = new ServerLimits((ExecutionsHttpApi.MAX_BODY_BYTES + 64 * 1024L) * 4 / 3 + 64 * 1024L,
            Duration.ofSeconds(30), Duration.ofSeconds(30), 4096, 16, 16 * 1024, 8 * 1024, Duration.ofSeconds(2));

    public ServerLimits {
        if (maxRequestLength <= ExecutionsHttpApi.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxRequestLength must be more than " + ExecutionsHttpApi.MAX_BODY_BYTES
                    + " bytes (REST answers a larger body 413 itself)");
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(shutdownGrace, "shutdownGrace");
        if (maxConnections < 1 || blockingThreads < 1 || maxHeaderBytes < 1024 || maxInitialLine < 256) {
            throw new IllegalArgumentException("maxConnections and blockingThreads must be at least 1, "
                    + "maxHeaderBytes at least 1024, maxInitialLine at least 256");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    public ServerLimits withBlockingThreads(int threads) {
        return new ServerLimits(maxRequestLength, requestTimeout, idleTimeout, maxConnections, threads, maxHeaderBytes,
                maxInitialLine, shutdownGrace);
    }
}
