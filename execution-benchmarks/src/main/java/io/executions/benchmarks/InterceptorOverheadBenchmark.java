package io.executions.benchmarks;

import com.google.protobuf.StringValue;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.dispatch.grpc.ExecutionsServerInterceptor;
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
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 10's interceptor goal: {@link ExecutionsServerInterceptor} on a unary call whose method has no execution
 * costs at most 1 µs at p99 above the bare call. Both sides run the same grpc-java server-side call path in
 * process (no transport: {@code ServerCalls.asyncUnaryCall} handler started on a reusable in-memory
 * {@code ServerCall}, request delivered, response and close received), once through the service definition as is
 * and once through {@code ServerInterceptors.intercept(definition, interceptor)}. The instance has 1,000
 * executions on other methods of the same service (and its service and {@code all} levels empty), so the two
 * resolutions per call are real lookups, not an empty model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InterceptorOverheadBenchmark {
    static final String SERVICE = "bench.v1.Service";
    static final int EXECUTIONS = 1000;

    private static final MethodDescriptor<StringValue, StringValue> UNHOOKED = MethodDescriptor
            .<StringValue, StringValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Unhooked"))
            .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
            .build();

    private Executions executions;
    private TargetClient client;
    private ServerCallHandler<StringValue, StringValue> bare;
    private ServerCallHandler<StringValue, StringValue> intercepted;
    private final InstanceId instance = InstanceId.of("bench");
    private final Metadata headers = new Metadata();
    private final StringValue request = StringValue.of("ping");
    private final CountingCall call = new CountingCall();

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        List<String> methods = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            methods.add("M" + i);
        }
        methods.add("Unhooked");
        executions = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of(SERVICE, methods), List.of(), List.of())).build();
        executions.createTarget(new CreateTarget(instance, TargetId.of("hook"), "hook", TargetType.REST_WEBHOOK,
                true, "http://127.0.0.1:9/hook", Duration.ofSeconds(5), "bench"));
        for (int i = 0; i < EXECUTIONS; i++) {
            executions.setExecution(new SetExecution(instance, Condition.requestMethod("/" + SERVICE + "/M" + i),
                    List.of(Entry.target("hook")), "bench"));
        }
        client = TargetClient.builder().denyList(DenyList.none()).build();
        Dispatcher dispatcher = Dispatcher.builder().queries(executions.queries()).client(client).build();
        ServerServiceDefinition definition = ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNHOOKED, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(req);
                    out.onCompleted();
                }))
                .build();
        bare = (ServerCallHandler<StringValue, StringValue>) definition.getMethod(UNHOOKED.getFullMethodName())
                .getServerCallHandler();
        ExecutionsServerInterceptor interceptor = new ExecutionsServerInterceptor(dispatcher, h -> instance, null);
        intercepted = (ServerCallHandler<StringValue, StringValue>) ServerInterceptors.intercept(definition, interceptor)
                .getMethod(UNHOOKED.getFullMethodName()).getServerCallHandler();
        // the setup is right: both answer, and the method really has no execution
        if (bareCall() != 1 || interceptedCall() != 1
                || dispatcher.hasTargets(instance, io.executions.projections.ResolveQuery.request(
                "/" + UNHOOKED.getFullMethodName()))) {
            throw new IllegalStateException("the benchmark's setup does not answer as expected");
        }
    }

    @TearDown
    public void tearDown() {
        client.close();
        executions.close();
    }

    @Benchmark
    public int bareCall() {
        return run(bare);
    }

    @Benchmark
    public int interceptedCall() {
        return run(intercepted);
    }

    private int run(ServerCallHandler<StringValue, StringValue> handler) {
        call.answers = 0;
        ServerCall.Listener<StringValue> listener = handler.startCall(call, headers);
        listener.onReady();
        listener.onMessage(request);
        listener.onHalfClose();
        listener.onComplete();
        return call.answers;
    }

    /** The transport's side of one unary call, in memory: counts the answers. */
    static final class CountingCall extends ServerCall<StringValue, StringValue> {
        int answers;

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(StringValue message) {
            answers++;
        }

        @Override
        public void close(Status status, Metadata trailers) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<StringValue, StringValue> getMethodDescriptor() {
            return UNHOOKED;
        }
    }
}
