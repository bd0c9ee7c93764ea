import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on one HTTP endpoint: THREADS clients, each sending the next request when the last answered,
 * for WARMUP then MEASURE seconds. Prints requests/s and latency p50/p99 (ms) of the measured window; every
 * answer must be 200. Usage: java TokenBench.java URL BODY BASIC_USER:PASS THREADS WARMUP_S MEASURE_S
 */
public class TokenBench {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String body = args[1];
        String auth = args[2].isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(args[2].getBytes(StandardCharsets.UTF_8));
        int threads = Integer.parseInt(args[3]);
        long warmup = Long.parseLong(args[4]);
        long measure = Long.parseLong(args[5]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpRequest request = b.build();
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long[] mine = new long[2_000_000];
            samples.add(mine);
            Thread t = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (recording.get() && n < mine.length - 1) {
                        mine[++n] = System.nanoTime() - start;
                        mine[0] = n;
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        Thread.sleep(warmup * 1000);
        errors.set(0);
        recording.set(true);
        Thread.sleep(measure * 1000);
        recording.set(false);
        stop.set(true);
        for (Thread t : workers) {
            t.join();
        }
        int total = 0;
        for (long[] s : samples) {
            total += (int) s[0];
        }
        long[] all = new long[total];
        int k = 0;
        for (long[] s : samples) {
            for (int i = 1; i <= s[0]; i++) {
                all[k++] = s[i];
            }
        }
        java.util.Arrays.sort(all);
        System.out.printf("requests/s %.1f  p50 %.2f ms  p99 %.2f ms  n %d  errors %d%n", total / (double) measure,
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, total, errors.get());
    }
}
