package io.executions.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.sun.net.httpserver.HttpServer;
import io.executions.api.Caller;
import io.executions.api.CallerAuthenticator;
import io.executions.api.Permissions;
import io.executions.api.service.ActionService;
import io.executions.dispatch.DenyList;
import io.executions.dispatch.Dispatcher;
import io.executions.dispatch.TargetClient;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc;
import io.executions.grpc.proto.executions.v1.InvokeRequest;
import io.executions.grpc.proto.executions.v1.InvokeResponse;
import io.executions.grpc.proto.zitadel.action.v2.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2.ActivatePublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.AddPublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.DeactivatePublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListPublicKeysRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListPublicKeysResponse;
import io.executions.grpc.proto.zitadel.action.v2.PublicKeySearchFilter;
import io.executions.grpc.proto.zitadel.action.v2.RemovePublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2beta.RequestExecution;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * docs/dispatch.md, payload type JWE, with v2's public-key RPCs over a real gRPC socket: a target receives a JWE
 * that nimbus decrypts with the target's private key; the rules' errors write nothing.
 */
class PublicKeyGrpcTest {
    private static final String METHOD = "/zitadel.session.v2.SessionService/ListSessions";
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static HttpServer hook;
    private static Executions engine;
    private static TargetClient client;
    private static Server server;
    private static ManagedChannel channel;
    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
        hook.createContext("/", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        engine = Executions.builder().storage(StorageConfig.memory())
                .catalog(new StaticCatalog(Map.of("zitadel.session.v2.SessionService", List.of("ListSessions")),
                        List.of(), List.of()))
                .build();
        engine.createTarget(new CreateTarget(I1, TargetId.of("T1"), "sealed", TargetType.REST_WEBHOOK, true,
                "http://127.0.0.1:" + hook.getAddress().getPort() + "/", Duration.ofSeconds(5), "u1",
                PayloadType.JWE));
        engine.setExecution(new SetExecution(I1, Condition.requestMethod(METHOD), List.of(Entry.target("T1")), "u1"));
        Map<String, Caller> callers = Map.of(
                "admin", new Caller(I1, "admin", Set.copyOf(Permissions.ALL)),
                "reader", new Caller(I1, "reader", Set.of(Permissions.TARGET_READ, Permissions.EXECUTION_READ)));
        CallerAuthenticator auth = header -> header != null && header.startsWith("Bearer ")
                ? Optional.ofNullable(callers.get(header.substring(7))) : Optional.empty();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        ActionService service = new ActionService(engine, auth, instance -> true)
                .withDispatcher(Dispatcher.builder().queries(engine.queries()).client(client)
                        .publicKeys(engine::publicKeys).build());
        ServerBuilder builder = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
        ExecutionsGrpc.over(service).mount(builder);
        server = builder.build();
        server.start().join();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.activeLocalPort()).usePlaintext().build();
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        channel.shutdownNow();
        server.stop().join();
        client.close();
        engine.close();
        hook.stop(0);
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    private static ActionServiceGrpc.ActionServiceBlockingStub keys(String token) {
        return ActionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
    }

    private static InvokeResponse invoke() {
        return ExecutionsServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer("admin")))
                .invoke(InvokeRequest.newBuilder().setRequest(RequestExecution.newBuilder().setMethod(METHOD))
                        .setPayload(Struct.newBuilder().putFields("name", Value.newBuilder().setStringValue("ada")
                                .build())).build());
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String add(String target, String pem) {
        return keys("admin").addPublicKey(AddPublicKeyRequest.newBuilder().setTargetId(target)
                .setPublicKey(ByteString.copyFromUtf8(pem)).build()).getKeyId();
    }

    private static ListPublicKeysResponse list() {
        return keys("reader").listPublicKeys(ListPublicKeysRequest.newBuilder().setTargetId("T1").build());
    }

    /** The refused call's status and message key, and that it wrote no event. */
    private static void refused(Runnable call, Status.Code code, String key) throws Exception {
        long before = engine.eventCount();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as(key).isNotNull();
        assertThat(e.getStatus().getCode()).as(key).isEqualTo(code);
        ErrorDetail detail = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorDetail.class);
        assertThat(detail.getMessage()).isEqualTo(key);
        assertThat(engine.eventCount()).as("nothing written for " + key).isEqualTo(before);
    }

    @Test
    void a_jwe_target_receives_its_payload_encrypted_to_the_active_key_and_nimbus_decrypts_it() throws Exception {
        String rsaKey = add("T1", pem(rsa));
        ListPublicKeysResponse listed = list();
        assertThat(listed.getPublicKeysList()).anySatisfy(k -> {
            assertThat(k.getKeyId()).isEqualTo(rsaKey);
            assertThat(k.getActive()).isFalse();
            assertThat(k.getFingerprint()).startsWith("SHA256:");
            assertThat(k.getPublicKey().toStringUtf8()).isEqualTo(pem(rsa));
        });
        keys("admin").activatePublicKey(ActivatePublicKeyRequest.newBuilder().setTargetId("T1").setKeyId(rsaKey)
                .build());
        received.clear();

        InvokeResponse answer = invoke();

        assertThat(answer.getCalls(0).getOutcome()).as(answer.toString()).isEqualTo("OK");
        String[] call = received.get(0).split("\n", 2);
        assertThat(call[0]).isEqualTo("application/jwt");
        EncryptedJWT jwe = EncryptedJWT.parse(call[1]);
        assertThat(jwe.getHeader().getAlgorithm()).isEqualTo(JWEAlgorithm.RSA_OAEP_256);
        assertThat(jwe.getHeader().getKeyID()).isEqualTo(rsaKey);
        jwe.decrypt(new RSADecrypter(rsa.getPrivate()));
        assertThat(jwe.getJWTClaimsSet().getStringClaim("fullMethod")).isEqualTo(METHOD);
        assertThat(jwe.getJWTClaimsSet().getJSONObjectClaim("request")).containsEntry("name", "ada");

        // an EC key activated later is the one used from then on
        String ecKey = add("T1", pem(ec));
        keys("admin").activatePublicKey(ActivatePublicKeyRequest.newBuilder().setTargetId("T1").setKeyId(ecKey).build());
        received.clear();
        assertThat(invoke().getCalls(0).getOutcome()).isEqualTo("OK");
        EncryptedJWT second = EncryptedJWT.parse(received.get(0).split("\n", 2)[1]);
        assertThat(second.getHeader().getAlgorithm()).isEqualTo(JWEAlgorithm.ECDH_ES_A256KW);
        assertThat(second.getHeader().getKeyID()).isEqualTo(ecKey);
        second.decrypt(new ECDHDecrypter((ECPrivateKey) ec.getPrivate()));
        assertThat(second.getJWTClaimsSet().getJSONObjectClaim("request")).containsEntry("name", "ada");

        // no active key left: the call fails before anything is sent (interruptOnError: the chain stops)
        for (String key : List.of(rsaKey, ecKey)) {
            keys("admin").deactivatePublicKey(DeactivatePublicKeyRequest.newBuilder().setTargetId("T1").setKeyId(key)
                    .build());
        }
        received.clear();
        InvokeResponse none = invoke();
        assertThat(none.getInterrupted()).isTrue();
        assertThat(none.getCalls(0).getOutcome()).isEqualTo("FAILED");
        assertThat(none.getCalls(0).getError()).contains("no active");
        assertThat(received).isEmpty();
        assertThat(keys("reader").listPublicKeys(ListPublicKeysRequest.newBuilder().setTargetId("T1")
                .addFilters(PublicKeySearchFilter.newBuilder().setActiveFilter(true)).build()).getPublicKeysCount())
                .isZero();
    }

    @Test
    void the_key_rules_answer_the_contracts_codes_and_write_nothing() throws Exception {
        String key = add("T1", pem(rsa));
        keys("admin").activatePublicKey(ActivatePublicKeyRequest.newBuilder().setTargetId("T1").setKeyId(key).build());

        refused(() -> add("T1", "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n"),
                Status.Code.INVALID_ARGUMENT, "Errors.Target.InvalidPublicKey");
        refused(() -> add("T1", "not pem at all"), Status.Code.INVALID_ARGUMENT, "Errors.Target.InvalidPublicKey");
        refused(() -> keys("admin").addPublicKey(AddPublicKeyRequest.newBuilder().setTargetId("T1")
                        .setPublicKey(ByteString.copyFromUtf8(pem(rsa)))
                        .setExpirationDate(ProtoForms.timestamp(java.time.Instant.now().minusSeconds(60))).build()),
                Status.Code.INVALID_ARGUMENT, "Errors.Target.InvalidExpirationDate");
        refused(() -> add("no-such-target", pem(rsa)), Status.Code.NOT_FOUND, "Errors.Target.NotFound");
        refused(() -> keys("admin").activatePublicKey(ActivatePublicKeyRequest.newBuilder().setTargetId("T1")
                .setKeyId("unknown").build()), Status.Code.NOT_FOUND, "Errors.Target.PublicKeyNotFound");
        refused(() -> keys("admin").removePublicKey(RemovePublicKeyRequest.newBuilder().setTargetId("T1")
                .setKeyId(key).build()), Status.Code.FAILED_PRECONDITION, "Errors.Target.PublicKeyActive");
        refused(() -> keys("reader").addPublicKey(AddPublicKeyRequest.newBuilder().setTargetId("T1")
                        .setPublicKey(ByteString.copyFromUtf8(pem(rsa))).build()),
                Status.Code.PERMISSION_DENIED, "Errors.Permission.Denied");

        keys("admin").deactivatePublicKey(DeactivatePublicKeyRequest.newBuilder().setTargetId("T1").setKeyId(key)
                .build());
        Supplier<RemovePublicKeyRequest> remove = () -> RemovePublicKeyRequest.newBuilder().setTargetId("T1")
                .setKeyId(key).build();
        var removed = keys("admin").removePublicKey(remove.get()).getDeletionDate();
        assertThat(keys("admin").removePublicKey(remove.get()).getDeletionDate()).as("idempotent").isEqualTo(removed);
        assertThat(list().getPublicKeysList()).noneMatch(k -> k.getKeyId().equals(key));
        refused(() -> keys("admin").activatePublicKey(ActivatePublicKeyRequest.newBuilder().setTargetId("T1")
                .setKeyId(key).build()), Status.Code.NOT_FOUND, "Errors.Target.PublicKeyNotFound");
    }
}
