package io.executions.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.executions.dispatch.CallContext;
import io.executions.dispatch.CallOutcome;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetCall;
import io.executions.dispatch.TargetClient;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Per-target overhead of dispatch (issue 10): the same body POSTed to the same local target (a JDK HttpServer
 * on loopback answering 200) by a bare JDK {@code HttpClient} (HTTP/1.1, the baseline), by
 * {@link TargetClient} (signature, delivery id, deny-list check, whole-exchange timer), and by a whole
 * {@link Dispatcher} chain of one webhook (resolution, payload JSON, signature, call). One caller thread, each
 * call awaited, so this is latency, not throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DispatchOverheadBenchmark {
    private static final String METHOD = "/bench.v1.Service/Call";

    private HttpServer target;
    private HttpClient bare;
    private TargetClient client;
    private Executions executions;
    private Dispatcher dispatcher;
    private URI uri;
    private byte[] body;
    private JsonNode message;
    private final InstanceId instance = InstanceId.of("bench");

    @Setup
    public void setUp() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.setExecutor(Executors.newFixedThreadPool(2));
        target.start();
        uri = URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/hook");
        message = new ObjectMapper().readTree("{\"userId\":\"123456789\",\"query\":{\"limit\":10,\"asc\":true}}");
        body = ("{\"fullMethod\":\"" + METHOD + "\",\"instanceID\":\"bench\",\"orgID\":\"\",\"projectID\":\"\","
                + "\"userID\":\"\",\"request\":" + message + ",\"headers\":{}}").getBytes(StandardCharsets.UTF_8);
        bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        executions = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of("bench.v1.Service", List.of("Call")), List.of(), List.of())).build();
        executions.createTarget(new CreateTarget(instance, TargetId.of("hook"), "hook", TargetType.REST_WEBHOOK,
                true, uri.toString(), Duration.ofSeconds(5), "bench"));
        executions.setExecution(new SetExecution(instance, Condition.requestMethod(METHOD),
                List.of(Entry.target("hook")), "bench"));
        dispatcher = Dispatcher.builder().queries(executions.queries()).client(client).build();
    }

    @TearDown
    public void tearDown() {
        client.close();
        executions.close();
        target.stop(0);
    }

    @Benchmark
    public int bareHttpClientPost() throws Exception {
        return bare.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Benchmark
    public CallOutcome targetClientCall() {
        return client.call(new TargetCall(uri.toString(), Duration.ofSeconds(5), List.of("0123456789abcdef"), body,
                null, "delivery")).join();
    }

    @Benchmark
    public ChainResult dispatcherChainOfOneWebhook() {
        return dispatcher.request(instance, CallContext.of(METHOD), message).join();
    }
}
