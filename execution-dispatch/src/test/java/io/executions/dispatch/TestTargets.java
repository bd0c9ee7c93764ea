package io.executions.dispatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real local target server on 127.0.0.1 with an ephemeral port. Each path plays one behaviour; every
 * request it receives is recorded (path, headers, raw body). Raw-socket endpoints play what an HTTP server
 * cannot: a peer that never answers and one that resets the connection.
 */
final class TestTargets implements AutoCloseable {
    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        List<String> headerValues(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, String body, Map<String, String> headers, long delayMs) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of(), 0);
        }
    }

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Answer>> routes = new ConcurrentHashMap<>();
    private final ServerSocket silent;
    private final ServerSocket resetting;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TestTargets() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(handlers);
        http.start();
        route("/ok", r -> Answer.of(200, ""));
        route("/fail", r -> Answer.of(500, "{\"error\":\"boom\"}"));
        route("/garbage", r -> Answer.of(200, "<html>not json"));
        route("/echo", r -> new Answer(200, r.bodyText(), Map.of("Content-Type", "application/json"), 0));
        route("/forward403", r -> Answer.of(200,
                "{\"forwardedStatusCode\":403,\"forwardedErrorMessage\":\"no access for you\"}"));
        route("/forward500", r -> Answer.of(200,
                "{\"forwardedStatusCode\":500,\"forwardedErrorMessage\":\"server side\"}"));
        route("/redirect-denied", r -> new Answer(302, "", Map.of("Location", "http://169.254.169.254/latest"), 0));
        route("/redirect-ok", r -> new Answer(307, "", Map.of("Location", url("/ok")), 0));
        silent = new ServerSocket(0, 2000, InetAddress.getLoopbackAddress());
        resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptSilently);
        daemon(this::acceptAndReset);
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "test-target-acceptor");
        thread.setDaemon(true);
        thread.start();
    }

    void route(String path, Function<Received, Answer> answer) {
        routes.put(path, answer);
    }

    /** A route that waits before answering 200. */
    void slow(String path, long delayMs) {
        routes.put(path, r -> new Answer(200, "", Map.of(), delayMs));
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    int port() {
        return http.getAddress().getPort();
    }

    /** Accepts connections and never answers (nor closes them). */
    String silentUrl() {
        return "http://127.0.0.1:" + silent.getLocalPort() + "/silent";
    }

    /** Accepts, reads a little, then resets the connection (RST). */
    String resettingUrl() {
        return "http://127.0.0.1:" + resetting.getLocalPort() + "/reset";
    }

    List<Received> received() {
        return received;
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received r = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
        received.add(r);
        Function<Received, Answer> route = routes.getOrDefault(r.path(), x -> Answer.of(404, ""));
        Answer answer = route.apply(r);
        if (answer.delayMs() > 0) {
            try {
                Thread.sleep(answer.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException ignored) {
            // the client gave up (timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private void acceptSilently() {
        while (!closed) {
            try {
                held.add(silent.accept());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void acceptAndReset() {
        while (!closed) {
            try {
                Socket socket = resetting.accept();
                socket.getInputStream().read(new byte[64]);
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    int heldConnections() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        http.stop(0);
        handlers.shutdownNow();
        silent.close();
        resetting.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
