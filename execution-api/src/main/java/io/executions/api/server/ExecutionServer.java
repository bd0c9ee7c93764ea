package io.executions.api.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.executions.api.ApiRequest;
import io.executions.api.ApiResponse;
import io.executions.api.ExecutionsHttpApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The standalone HTTP server: the JDK's {@link HttpServer} on a bounded pool, mounting
 * {@link ExecutionsHttpApi} and {@code GET /healthz}. When every worker is busy and the queue is full, the
 * accepting thread runs the request itself, which slows accepting down instead of dropping requests.
 */
public final class ExecutionServer implements AutoCloseable {
    /** Bytes of an oversized body read and thrown away so the client sees the 413 instead of a reset. */
    private static final int DRAIN_LIMIT = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ExecutionsHttpApi api;
    private final BooleanSupplier ready;
    private volatile boolean closed;

    private ExecutionServer(HttpServer server, ThreadPoolExecutor executor, ExecutionsHttpApi api,
                            BooleanSupplier ready) {
        this.server = server;
        this.executor = executor;
        this.api = api;
        this.ready = ready;
    }

    /**
     * Binds and starts.
     *
     * @param address where to listen; port 0 picks a free port (see {@link #address()})
     * @param ready   whether {@code /healthz} answers 200 (read models caught up)
     * @param threads worker threads
     * @throws IOException e.g. {@link java.net.BindException} when the port is in use
     */
    public static ExecutionServer start(InetSocketAddress address, ExecutionsHttpApi api, BooleanSupplier ready,
                                        int threads) throws IOException {
        HttpServer server = HttpServer.create(address, 128);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 16), r -> {
                    Thread t = new Thread(r, "execution-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        ExecutionServer result = new ExecutionServer(server, executor, api, ready);
        server.createContext("/", result::exchange);
        server.setExecutor(executor);
        server.start();
        return result;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void exchange(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if ("/healthz".equals(path)) {
                boolean up = !closed && ready.getAsBoolean();
                send(exchange, up ? 200 : 503, ("{\"status\":\"" + (up ? "SERVING" : "NOT_SERVING") + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = readBounded(exchange.getRequestBody());
            ApiResponse response = api.handle(new ApiRequest(method, path,
                    exchange.getRequestHeaders().getFirst("Authorization"), body,
                    exchange.getRequestHeaders().getFirst("If-Match")));
            send(exchange, response.status(), response.body());
        } catch (IOException e) {
            LOG.debug("connection problem while answering", e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure while answering", e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", ApiResponse.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** At most {@code MAX_BODY_BYTES + 1} bytes are kept: enough for the facade to see "too large". */
    private static byte[] readBounded(InputStream in) throws IOException {
        int keep = ExecutionsHttpApi.MAX_BODY_BYTES + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < keep && (n = in.read(buffer, 0, Math.min(buffer.length, keep - out.size()))) > 0) {
            out.write(buffer, 0, n);
        }
        if (out.size() >= keep) {
            long drained = 0;
            while (drained < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
                drained += n;
            }
        }
        return out.size() == 0 ? new byte[0] : Arrays.copyOf(out.toByteArray(), out.size());
    }

    /** Stops accepting, lets running requests finish (up to one second), stops the workers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
