package io.executions.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP target on 127.0.0.1 that records every request it sees (delivery id, signature, body,
 * start and end) and answers as {@link #behaviour} says. It also records overlapping attempts: two
 * requests with the same delivery id in progress at the same time.
 */
final class Receiver implements AutoCloseable {
    /** What to do with one request: an HTTP status, or {@link #TIMEOUT} (no answer) or {@link #RESET}. */
    static final int TIMEOUT = -1;
    static final int RESET = -2;

    record Request(String deliveryId, String signature, String body, long startNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "receiver");
        t.setDaemon(true);
        return t;
    });
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();
    volatile Function<Request, Integer> behaviour = r -> 200;
    volatile long hangMillis = 5_000;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Request request = new Request(exchange.getRequestHeaders().getFirst("X-Executions-Delivery"),
                exchange.getRequestHeaders().getFirst("ZITADEL-Signature"), body, System.nanoTime());
        requests.add(request);
        AtomicInteger running = inProgress.computeIfAbsent(String.valueOf(request.deliveryId()), k -> new AtomicInteger());
        if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            int answer = behaviour.apply(request);
            if (answer == TIMEOUT) {
                // the caller gives up at its timeout, which is shorter than this hang; from then on the
                // request is abandoned, and its retry is not an overlapping attempt
                running.decrementAndGet();
                try {
                    Thread.sleep(hangMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                running.incrementAndGet();
                return;
            }
            if (answer == RESET) {
                // close the connection without an answer: the client sees a connection error
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        } finally {
            running.decrementAndGet();
        }
    }

    long distinctDeliveries() {
        return requests.stream().map(Request::deliveryId).distinct().count();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
