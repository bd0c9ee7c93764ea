package io.executions.reliability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.executions.reliability.TestConfig.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and idle clients cannot starve the others: 1,000 connections that send a request line and never finish
 * their headers, slow bodies and idle HTTP/2 connections are held open while ordinary calls keep answering in
 * their usual time, and the server closes the slow ones within its configured timeouts (idle 2 s, request 4 s
 * here). The JDK server this replaced stopped answering anyone at 50 such connections and kept them for more
 * than 120 s.
 */
class SlowClientsTest {
    private static final int HALF_HEADERS = 1000;
    private static final int SLOW_BODIES = 50;
    private static final int IDLE_H2 = 50;
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration REQUEST = Duration.ofSeconds(4);
    /** How long Armeria waits, after its GOAWAY, for an HTTP/2 client to close the connection itself. */
    private static final Duration H2_GOAWAY_GRACE = Duration.ofSeconds(5);
    /** Slack for the server's timer wheel and a busy two-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** An empty SETTINGS frame: length 0, type 4, flags 0, stream 0. */
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    private static InProcessServer server;
    private static int port;

    @BeforeAll
    static void start() {
        String config = TestConfig.json(TestConfig.memoryStorage(), false);
        config = config.substring(0, config.lastIndexOf('}')) + ", \"http\": {\"idleTimeout\": \"" + IDLE.toSeconds()
                + "s\", \"requestTimeout\": \"" + REQUEST.toSeconds() + "s\", \"maxConnections\": 2000}}";
        server = InProcessServer.start(config);
        port = server.server.address().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thousandsOfSlowConnectionsNeitherStarveOthersNorStayOpenPastTheirTimeouts() throws Exception {
        String target = server.http.createTarget(ADMIN, "slow-clients");
        Latency usual = calls(30, target);

        byte[] halfHeaders = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        byte[] slowBody = ("POST /v2beta/actions/targets/_search HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + ADMIN + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"filters\"").getBytes(StandardCharsets.US_ASCII);
        byte[] idleH2 = Arrays.copyOf(H2_PREFACE, H2_PREFACE.length + EMPTY_SETTINGS.length);
        System.arraycopy(EMPTY_SETTINGS, 0, idleH2, H2_PREFACE.length, EMPTY_SETTINGS.length);
        try (CloseWatcher watcher = new CloseWatcher()) {
            for (int i = 0; i < HALF_HEADERS; i++) {
                watcher.open("half-sent headers", halfHeaders, IDLE);
            }
            for (int i = 0; i < SLOW_BODIES; i++) {
                // a slow body is answered 408 at the request timeout; its connection then idles out
                watcher.open("slow body", slowBody, REQUEST.plus(IDLE));
            }
            for (int i = 0; i < IDLE_H2; i++) {
                // an idle HTTP/2 connection is told to go away (GOAWAY) at the idle timeout; the server then
                // gives the client 5 s to close it before closing it itself
                watcher.open("idle h2", idleH2, IDLE.plus(H2_GOAWAY_GRACE));
            }

            // while they are all held open, ordinary calls answer in their usual time (on a shared two-core
            // machine single calls stall now and then, so the typical call is compared, and the worst one must
            // stay far from the JDK server's 15 s time-outs)
            Latency during = calls(30, target);
            assertThat(during.medianMillis())
                    .as("median ordinary call with %d slow connections open, usual %s", HALF_HEADERS + SLOW_BODIES
                            + IDLE_H2, usual)
                    .isLessThanOrEqualTo(Math.max(3 * usual.medianMillis(), 250));
            assertThat(during.worstMillis()).as("worst ordinary call, usual %s", usual).isLessThan(5_000);

            // the server closed each within its timeout (measured from when it was opened)
            java.util.Map<String, Long> latest = watcher.awaitAllClosed(REQUEST.plus(IDLE).plus(H2_GOAWAY_GRACE)
                    .plus(SLACK).plus(SLACK));
            Runs.report("slow clients", HALF_HEADERS + " half-sent headers, " + SLOW_BODIES + " slow bodies, "
                    + IDLE_H2 + " idle h2 connections; longest time to the server's close (ms) by kind " + latest
                    + " (idle timeout " + IDLE.toMillis() + " ms, request timeout " + REQUEST.toMillis()
                    + " ms); ordinary calls before: " + usual + ", while they were open: " + during);
        }
        assertThat(server.http.healthz()).isEqualTo(200);
    }

    @Test
    void aSlowBodyIsAnsweredWithTheContractsTimeoutErrorAndWritesNothing() throws Exception {
        long events = server.engine.eventCount();
        try (Socket socket = open(("POST /v2beta/actions/targets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + ADMIN + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n\r\n{\"name\": \"never-finished\"").getBytes(StandardCharsets.US_ASCII))) {
            socket.setSoTimeout((int) REQUEST.plus(IDLE).plus(SLACK).toMillis());
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(answer).contains("\"id\":\"API-TIMEOUT\"");
        }
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    private static Socket open(byte[] firstBytes) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(firstBytes);
        out.flush();
        return socket;
    }

    /** Median and worst of a series of ordinary calls. */
    private record Latency(long medianMillis, long worstMillis) {
        @Override
        public String toString() {
            return "median " + medianMillis + " ms, worst " + worstMillis + " ms";
        }
    }

    /** {@code n} ordinary calls, each a health check, a read and a resolve. */
    private static Latency calls(int n, String target) {
        long[] millis = new long[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            assertThat(server.http.healthz()).isEqualTo(200);
            assertThat(server.http.send("GET", "/v2beta/actions/targets/" + target, ADMIN, null).status())
                    .isEqualTo(200);
            assertThat(server.http.resolve(ADMIN, TestConfig.method(1)).status()).isEqualTo(200);
            millis[i] = (System.nanoTime() - started) / 3_000_000;
        }
        Arrays.sort(millis);
        return new Latency(millis[n / 2], millis[n - 1]);
    }

    /**
     * Opens the slow connections and notes, on a thread of its own, when the server closes each, so the time to
     * close is measured while the test does other things.
     */
    private static final class CloseWatcher implements AutoCloseable {
        private record Slow(String kind, long openedAt, Duration limit) {
        }

        private final java.nio.channels.Selector selector = java.nio.channels.Selector.open();
        private final java.util.concurrent.ConcurrentHashMap<java.nio.channels.SocketChannel, Slow> open =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ConcurrentHashMap<String, Long> latestClose =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.List<String> late = java.util.Collections.synchronizedList(new ArrayList<>());
        private final java.util.List<java.nio.channels.SocketChannel> all = new ArrayList<>();
        private final java.util.concurrent.ConcurrentLinkedQueue<java.nio.channels.SocketChannel> toRegister =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean stopped;

        CloseWatcher() throws IOException {
            thread = new Thread(this::watch, "slow-close-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        void open(String kind, byte[] firstBytes, Duration limit) throws IOException {
            java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                    new InetSocketAddress("127.0.0.1", port));
            all.add(channel);
            channel.write(java.nio.ByteBuffer.wrap(firstBytes));
            open.put(channel, new Slow(kind, System.nanoTime(), limit));
            channel.configureBlocking(false);
            toRegister.add(channel);
            selector.wakeup();
        }

        private void watch() {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
            while (!stopped) {
                try {
                    java.nio.channels.SocketChannel next;
                    while ((next = toRegister.poll()) != null) {
                        next.register(selector, java.nio.channels.SelectionKey.OP_READ);
                    }
                    selector.select(100);
                    for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
                        java.nio.channels.SocketChannel channel = (java.nio.channels.SocketChannel) key.channel();
                        int n;
                        try {
                            buffer.clear();
                            n = channel.read(buffer);
                        } catch (IOException e) {
                            n = -1; // reset by the server: closed as well
                        }
                        if (n < 0) {
                            key.cancel();
                            Slow slow = open.remove(channel);
                            long took = System.nanoTime() - slow.openedAt();
                            latestClose.merge(slow.kind(), took / 1_000_000, Math::max);
                            if (took > slow.limit().plus(SLACK).toNanos()) {
                                late.add(slow.kind() + " closed after " + took / 1_000_000 + " ms");
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                    return;
                }
            }
        }

        /** Waits for every close; the longest time to close per kind (ms). */
        java.util.Map<String, Long> awaitAllClosed(Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(open.values().stream().map(Slow::kind).distinct().toList())
                    .as("kinds of connections the server still holds open, %d of them", open.size()).isEmpty();
            assertThat(late).as("connections closed later than their timeout + %s", SLACK).isEmpty();
            return new java.util.TreeMap<>(latestClose);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            stopped = true;
            selector.wakeup();
            thread.join(2000);
            selector.close();
            for (java.nio.channels.SocketChannel channel : all) {
                channel.close();
            }
        }
    }
}
