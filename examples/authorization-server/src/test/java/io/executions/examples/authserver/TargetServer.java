package io.executions.examples.authserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Real call targets for the tests: an HTTP server on 127.0.0.1 (JDK HttpServer) that records every request and
 * answers per path as the test says (status and JSON body).
 */
final class TargetServer implements AutoCloseable {
    record Call(String path, String signature, String deliveryId, String body, Map<String, Object> seen) {
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-targets");
        t.setDaemon(true);
        return t;
    });
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Function<String, Answer>> answers = new ConcurrentHashMap<>();
    /** Evaluated while a request is handled, recorded with it (e.g. "does the user exist yet?"). */
    volatile Function<String, Map<String, Object>> observer = body -> Map.of();

    TargetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, int status, String body) {
        answers.put(path, request -> new Answer(status, body));
    }

    List<Call> callsTo(String path) {
        return calls.stream().filter(c -> c.path.equals(path)).toList();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, Object> seen;
        try {
            seen = observer.apply(body);
        } catch (RuntimeException e) {
            seen = Map.of("error", e.toString());
        }
        calls.add(new Call(path, exchange.getRequestHeaders().getFirst("ZITADEL-Signature"),
                exchange.getRequestHeaders().getFirst("X-Executions-Delivery"), body, seen));
        Answer answer = answers.getOrDefault(path, r -> new Answer(200, "")).apply(body);
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
