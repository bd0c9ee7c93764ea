package io.executions.benchmarks;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.executions.api.ApiRequest;
import io.executions.api.ApiResponse;
import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.service.ActionService;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.grpc.ExecutionsGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2beta.ExecutionTargetType;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsResponse;
import io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution;
import io.executions.grpc.proto.zitadel.action.v2beta.SetExecutionRequest;
import io.executions.grpc.proto.zitadel.filter.v2beta.PaginationRequest;
import io.executions.projections.ExecutionListQuery;
import io.executions.projections.ReadModels;
import io.executions.projections.SortingColumn;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
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

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Transport overhead per call (issue 9): SetExecution and ListExecutions over REST (HTTP/1.1, JSON), gRPC
 * (grpc-java, h2c) and gRPC-Web (binary, HTTP/1.1) against a bare Armeria unary echo of the same message size
 * over the same transport and client, on one Armeria server (the executions adapters mounted as the standalone
 * server mounts them), in the same run; plus the same operations called in process on the ActionService, so the
 * transport's share can be told from the engine's.
 *
 * <p>Workload: an in-memory store (the engine's cost is not the subject), 200 methods of one service, each
 * SetExecution alternating a method between two target lists so every call writes an event; ListExecutions
 * asks for the first 20 of the 200 executions. One client thread, calls in sequence.
 */
@BenchmarkMode(Mode.SampleTime) // percentiles: this VM's loopback has millisecond stalls that swamp an average
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
// A minute of warm-up: on this 2-core VM a write over REST kept getting faster for 40 s (iteration p50 6.3 ms
// at 2-4 s, 0.75-0.91 ms after 36 s: C2 compiling Armeria, the JSON/proto mapping, Axon and the engine on one
// of the two cores), so shorter warm-ups measured the compiler, not the transport (BENCHMARKS.md section 10).
@Warmup(iterations = 20, time = 3)
@Measurement(iterations = 5, time = 3)
public class TransportOverheadBenchmark {
    private static final String TOKEN = "bench";
    private static final String SERVICE = "bench.v1.Svc";
    private static final int METHODS = 200;
    private static final MethodDescriptor<BytesValue, BytesValue> ECHO = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("bench.Echo/Echo")
            .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .build();

    @State(Scope.Benchmark)
    public static class Bench {
        Executions engine;
        ActionService service;
        Caller caller;
        Server server;
        ManagedChannel channel;
        ActionServiceGrpc.ActionServiceBlockingStub stub;
        HttpClient http;
        String base;
        String t1;
        String t2;
        int next;
        boolean[] flip = new boolean[METHODS];
        // echo payloads: the sizes of a SetExecution request and of a ListExecutions answer on each transport
        byte[] restSetBody;
        byte[] restListAnswer;
        BytesValue grpcSetSized;
        BytesValue grpcListSized;

        @Setup
        public void setUp() throws Exception {
            List<String> methods = new ArrayList<>();
            for (int i = 0; i < METHODS; i++) {
                methods.add("M" + i);
            }
            engine = Executions.builder().storage(StorageConfig.memory())
                    .catalog(new StaticCatalog(Map.of(SERVICE, methods), List.of(), List.of()))
                    .readSide(ReadModels::new).build();
            caller = new Caller(InstanceId.of("i1"), "bench", Set.copyOf(Permissions.ALL));
            CallerAuthenticator authenticator = header -> ("Bearer " + TOKEN).equals(header)
                    ? Optional.of(caller) : Optional.empty();
            service = new ActionService(engine, authenticator, InstanceFeatures.allEnabled());
            ExecutionsHttpApi rest = new ExecutionsHttpApi(service);
            HttpService restService = (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(request -> {
                ApiResponse answer = rest.handle(new ApiRequest(request.method().name(), request.path(),
                        request.headers().get("authorization"), request.content().array()));
                return HttpResponse.of(HttpStatus.valueOf(answer.status()), MediaType.JSON_UTF_8, answer.body());
            }, ctx.blockingTaskExecutor()));
            HttpService restEcho = (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(request ->
                    HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, request.content().array()),
                    ctx.blockingTaskExecutor()));
            ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
                    .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, out) -> {
                        out.onNext(request);
                        out.onCompleted();
                    })).build();
            ServerBuilder sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                    // the standalone server's pool (ServerLimits.DEFAULTS.blockingThreads()), not Armeria's default
                    // of up to 200 threads, each request on a colder one
                    .blockingTaskExecutor(16)
                    .serviceUnder("/v2beta/", restService)
                    .service("/bench/echo", restEcho)
                    .service(GrpcService.builder().addService(echo).useBlockingTaskExecutor(true).build());
            ExecutionsGrpc.over(service).mount(sb);
            server = sb.build();
            server.start().join();
            base = "http://127.0.0.1:" + server.activeLocalPort();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.activeLocalPort()).usePlaintext().build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
            stub = ActionServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            t1 = service.createTarget(caller, new io.executions.api.service.TargetSpec("t1",
                    io.executions.domain.api.TargetType.REST_WEBHOOK, true, "https://example.com/1",
                    Duration.ofSeconds(5))).id().value();
            t2 = service.createTarget(caller, new io.executions.api.service.TargetSpec("t2",
                    io.executions.domain.api.TargetType.REST_ASYNC, false, "https://example.com/2",
                    Duration.ofSeconds(5))).id().value();
            for (int i = 0; i < METHODS; i++) {
                service.setExecution(caller, Condition.requestMethod("/" + SERVICE + "/M" + i),
                        List.of(Entry.target(t1)));
            }
            restSetBody = restSetJson(0, t2).getBytes(StandardCharsets.UTF_8);
            restListAnswer = send("POST", "/v2beta/actions/executions/_search", restListJson());
            grpcSetSized = BytesValue.of(ByteString.copyFrom(new byte[grpcSet(0, t2).getSerializedSize()]));
            grpcListSized = BytesValue.of(ByteString.copyFrom(new byte[stub.listExecutions(grpcList()).getSerializedSize()]));
        }

        @TearDown
        public void tearDown() {
            channel.shutdownNow();
            server.stop().join();
            engine.close();
        }

        /** The next method, and the list it does not hold now (so the call writes). */
        int nextKey() {
            int key = next++ % METHODS;
            flip[key] = !flip[key];
            return key;
        }

        String target(int key) {
            return flip[key] ? t2 : t1;
        }

        byte[] send(String method, String path, String body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + TOKEN)
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            var response = http.send(request, BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return response.body();
        }

        byte[] grpcWeb(String method, byte[] message) throws Exception {
            byte[] frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + method))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/grpc-web+proto")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(frame)).build();
            var response = http.send(request, BodyHandlers.ofByteArray());
            byte[] body = response.body();
            // the answer's first frame is the message, then the trailer frame with grpc-status
            if (body.length < 5 || body[0] != 0) {
                throw new IllegalStateException(method + " answered no message: " + response.headers().map());
            }
            int length = ByteBuffer.wrap(body, 1, 4).getInt();
            String trailers = new String(body, 5 + length + 5, body.length - 10 - length, StandardCharsets.US_ASCII);
            if (!trailers.matches("(?s).*grpc-status: ?0\\r?\\n?.*")) { // "grpc-status: 0", with or without the space
                throw new IllegalStateException(method + " failed: " + trailers);
            }
            return java.util.Arrays.copyOfRange(body, 5, 5 + length);
        }
    }

    static String restSetJson(int key, String target) {
        return "{\"condition\": {\"request\": {\"method\": \"/" + SERVICE + "/M" + key + "\"}}, \"targets\": [{\"target\": \""
                + target + "\"}]}";
    }

    static String restListJson() {
        return "{\"pagination\": {\"limit\": 20, \"asc\": true}}";
    }

    static SetExecutionRequest grpcSet(int key, String target) {
        return SetExecutionRequest.newBuilder()
                .setCondition(io.executions.grpc.proto.zitadel.action.v2beta.Condition.newBuilder()
                        .setRequest(RequestExecution.newBuilder().setMethod("/" + SERVICE + "/M" + key)))
                .addTargets(ExecutionTargetType.newBuilder().setTarget(target)).build();
    }

    static ListExecutionsRequest grpcList() {
        return ListExecutionsRequest.newBuilder()
                .setPagination(PaginationRequest.newBuilder().setLimit(20).setAsc(true)).build();
    }

    // ---- in process: the engine's share ----------------------------------------------------------

    @Benchmark
    public Object setExecutionInProcess(Bench b) {
        int key = b.nextKey();
        return b.service.setExecution(b.caller, Condition.requestMethod("/" + SERVICE + "/M" + key),
                List.of(Entry.target(b.target(key))));
    }

    @Benchmark
    public Object listExecutionsInProcess(Bench b) {
        return b.service.listExecutions(b.caller, new ExecutionListQuery(List.of(), 0, 20, true,
                SortingColumn.CREATED_DATE, null));
    }

    // ---- REST ------------------------------------------------------------------------------------

    @Benchmark
    public Object setExecutionRest(Bench b) throws Exception {
        int key = b.nextKey();
        return b.send("PUT", "/v2beta/actions/executions", restSetJson(key, b.target(key)));
    }

    @Benchmark
    public Object listExecutionsRest(Bench b) throws Exception {
        return b.send("POST", "/v2beta/actions/executions/_search", restListJson());
    }

    @Benchmark
    public Object echoRestSetSized(Bench b) throws Exception {
        return b.send("POST", "/bench/echo", new String(b.restSetBody, StandardCharsets.UTF_8));
    }

    @Benchmark
    public Object echoRestListSized(Bench b) throws Exception {
        return b.send("POST", "/bench/echo", new String(b.restListAnswer, StandardCharsets.UTF_8));
    }

    // ---- gRPC ------------------------------------------------------------------------------------

    @Benchmark
    public Object setExecutionGrpc(Bench b) {
        int key = b.nextKey();
        return b.stub.setExecution(grpcSet(key, b.target(key)));
    }

    @Benchmark
    public ListExecutionsResponse listExecutionsGrpc(Bench b) {
        return b.stub.listExecutions(grpcList());
    }

    @Benchmark
    public Object echoGrpcSetSized(Bench b) {
        return ClientCalls.blockingUnaryCall(b.channel, ECHO, CallOptions.DEFAULT, b.grpcSetSized);
    }

    @Benchmark
    public Object echoGrpcListSized(Bench b) {
        return ClientCalls.blockingUnaryCall(b.channel, ECHO, CallOptions.DEFAULT, b.grpcListSized);
    }

    // ---- gRPC-Web (binary, HTTP/1.1) ---------------------------------------------------------------

    @Benchmark
    public Object setExecutionGrpcWeb(Bench b) throws Exception {
        int key = b.nextKey();
        return b.grpcWeb("zitadel.action.v2beta.ActionService/SetExecution", grpcSet(key, b.target(key)).toByteArray());
    }

    @Benchmark
    public Object listExecutionsGrpcWeb(Bench b) throws Exception {
        return b.grpcWeb("zitadel.action.v2beta.ActionService/ListExecutions", grpcList().toByteArray());
    }

    @Benchmark
    public Object echoGrpcWebSetSized(Bench b) throws Exception {
        return b.grpcWeb("bench.Echo/Echo", b.grpcSetSized.toByteArray());
    }

    @Benchmark
    public Object echoGrpcWebListSized(Bench b) throws Exception {
        return b.grpcWeb("bench.Echo/Echo", b.grpcListSized.toByteArray());
    }
}
