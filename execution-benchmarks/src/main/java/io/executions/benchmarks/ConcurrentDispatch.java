package io.executions.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.executions.dispatch.CallContext;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.Dispatcher;
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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 10's load figure: {@code concurrency} host calls in flight at once, each running a chain of two webhook
 * targets (signed, each awaited before the next), against a local target (an Armeria server on loopback answering
 * 200, in the same JVM). Reports throughput (chains and target calls per second), the chain latency p50/p99/max
 * (from submission to completion, queueing on the client included) and the JVM's peak thread count while the load
 * runs (the target server's threads included). Chains are submitted from one thread and never block a thread.
 *
 * <p>{@code java -cp execution-benchmarks/target/benchmarks.jar io.executions.benchmarks.ConcurrentDispatch
 * [concurrency=1000] [rounds=20] [warmupRounds=5]}
 */
public final class ConcurrentDispatch {
    private static final String METHOD = "/bench.v1.Service/Call";

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        AtomicInteger received = new AtomicInteger();
        Server target = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .service("/hook", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(body -> {
                    received.incrementAndGet();
                    return HttpResponse.of(HttpStatus.OK);
                })))
                .build();
        target.start().join();
        String endpoint = "http://127.0.0.1:" + target.activeLocalPort() + "/hook";
        InstanceId instance = InstanceId.of("bench");
        try (Executions executions = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of("bench.v1.Service", List.of("Call")), List.of(), List.of()))
                .build();
             TargetClient client = TargetClient.builder().denyList(DenyList.none()).build()) {
            for (String id : List.of("hook1", "hook2")) {
                executions.createTarget(new CreateTarget(instance, TargetId.of(id), id, TargetType.REST_WEBHOOK, true,
                        endpoint, Duration.ofSeconds(10), "bench"));
            }
            executions.setExecution(new SetExecution(instance, Condition.requestMethod(METHOD),
                    List.of(Entry.target("hook1"), Entry.target("hook2")), "bench"));
            Dispatcher dispatcher = Dispatcher.builder().queries(executions.queries()).client(client).build();
            JsonNode message = new ObjectMapper().readTree("{\"userId\":\"123456789\",\"query\":{\"limit\":10}}");
            CallContext context = CallContext.of(METHOD);

            for (int r = 0; r < warmup; r++) {
                round(dispatcher, instance, context, message, concurrency);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int threadsBefore = threads.getThreadCount();
            threads.resetPeakThreadCount();
            long[] latencies = new long[concurrency * rounds];
            int failures = 0;
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                failures += round(dispatcher, instance, context, message, concurrency, latencies, r * concurrency);
            }
            long elapsed = System.nanoTime() - start;
            int peak = threads.getPeakThreadCount();
            Arrays.sort(latencies);
            double seconds = elapsed / 1e9;
            long chains = (long) concurrency * rounds;
            System.out.printf("concurrency=%d rounds=%d (after %d warm-up rounds), 2 webhook targets per chain%n",
                    concurrency, rounds, warmup);
            System.out.printf("throughput: %.0f chains/s, %.0f target calls/s (%d chains in %.2f s, %d failed)%n",
                    chains / seconds, 2 * chains / seconds, chains, seconds, failures);
            System.out.printf("chain latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
                    latencies[(int) (chains * 0.50)] / 1e6, latencies[(int) (chains * 0.90)] / 1e6,
                    latencies[(int) Math.min(chains - 1, chains * 0.99)] / 1e6, latencies[(int) chains - 1] / 1e6);
            System.out.printf("threads: %d before the load, peak %d during it (whole JVM, target server included)%n",
                    threadsBefore, peak);
            System.out.printf("load average at the end: %.2f (%d cores)%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            target.stop().join();
        }
    }

    private static void round(Dispatcher dispatcher, InstanceId instance, CallContext context, JsonNode message,
                              int concurrency) {
        round(dispatcher, instance, context, message, concurrency, new long[concurrency], 0);
    }

    /** {@code concurrency} chains started at once, all awaited; their latencies written from {@code offset}. */
    private static int round(Dispatcher dispatcher, InstanceId instance, CallContext context, JsonNode message,
                             int concurrency, long[] latencies, int offset) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[concurrency];
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < concurrency; i++) {
            int slot = offset + i;
            long started = System.nanoTime();
            all[i] = dispatcher.request(instance, context, message).thenAccept((ChainResult result) -> {
                latencies[slot] = System.nanoTime() - started;
                if (result.interrupted() || result.calls().size() != 2) {
                    failed.incrementAndGet();
                }
            });
        }
        CompletableFuture.allOf(all).join();
        return failed.get();
    }
}
