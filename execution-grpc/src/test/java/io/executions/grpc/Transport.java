package io.executions.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One way of calling the server. Requests are given in the JSON form shared by REST and protobuf's JSON mapping
 * (the seed's field names); answers come back as an {@link Outcome}: the gRPC code, the error id and message key
 * of the error detail, the message, and the answer as JSON (protobuf JSON with every field printed, as REST).
 */
interface Transport extends AutoCloseable {
    ObjectMapper JSON = new ObjectMapper();

    String name();

    Outcome call(Op op, String token, String json);

    @Override
    default void close() {
    }

    /** What a call answered. {@code code} 0 and a body, or an error's code, id, key and message. */
    record Outcome(int code, String errorId, String key, String message, JsonNode body) {
        static Outcome ok(JsonNode body) {
            return new Outcome(0, null, null, null, body);
        }

        boolean isOk() {
            return code == 0;
        }

        @Override
        public String toString() {
            return isOk() ? "OK " + body : "code " + code + " " + errorId + " " + key + " (" + message + ")";
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Message parse(Op op, String json) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(op.method().getInputType());
        try {
            JsonFormat.parser().merge(json == null ? "{}" : json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the test's JSON is not a " + op.method().getInputType().getFullName(), e);
        }
        return builder.build();
    }

    static JsonNode print(Message message) {
        try {
            return tree(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- REST ------------------------------------------------------------------------------------

    /** The reference: the contract's REST/JSON routes. */
    final class Rest implements Transport {
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Rest(String base) {
            this.base = base;
        }

        @Override
        public String name() {
            return "REST";
        }

        @Override
        public Outcome call(Op op, String token, String json) {
            String path = op.path;
            if (path.contains("{id}")) {
                path = path.replace("{id}", java.net.URLEncoder.encode(tree(json).path("id").asText(),
                        StandardCharsets.UTF_8).replace("+", "%20"));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(op.httpMethod, op.restHasBody()
                            ? HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json)
                            : HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body = tree(response.body());
                if (response.statusCode() == 200) {
                    return Outcome.ok(body);
                }
                JsonNode detail = body.path("details").path(0);
                return new Outcome(body.path("code").asInt(), detail.path("id").asText(null),
                        detail.path("message").asText(null), body.path("message").asText(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- gRPC with grpc-java ---------------------------------------------------------------------

    /** gRPC over HTTP/2 (prior knowledge) with grpc-java's own Netty client. */
    final class GrpcJava implements Transport {
        private final ManagedChannel channel;

        GrpcJava(int port) {
            this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }

        @Override
        public String name() {
            return "gRPC (grpc-java)";
        }

        @SuppressWarnings("unchecked")
        @Override
        public Outcome call(Op op, String token, String json) {
            MethodDescriptor<Object, Object> method = (MethodDescriptor<Object, Object>) Op.grpcService(op).getMethods()
                    .stream().filter(m -> m.getFullMethodName().equals(op.fullName())).findFirst().orElseThrow();
            Metadata headers = new Metadata();
            if (token != null) {
                headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
            }
            Channel withAuth = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
            Message request = typed(method, parse(op, json));
            try {
                Object answer = ClientCalls.blockingUnaryCall(withAuth, method,
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
                return Outcome.ok(print((Message) answer));
            } catch (StatusRuntimeException e) {
                return outcome(e);
            }
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }

    /** The generated message type of a method's request, with the fields of {@code dynamic}. */
    static Message typed(MethodDescriptor<?, ?> method, Message dynamic) {
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
        try {
            return prototype.getParserForType().parseFrom(dynamic.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static Outcome outcome(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        String id = null;
        String key = null;
        if (status != null) {
            for (Any any : status.getDetailsList()) {
                if (any.is(ErrorDetail.class)) {
                    try {
                        ErrorDetail detail = any.unpack(ErrorDetail.class);
                        id = detail.getId();
                        key = detail.getMessage();
                    } catch (InvalidProtocolBufferException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        }
        return new Outcome(e.getStatus().getCode().value(), id, key, e.getStatus().getDescription(), null);
    }

    // ---- gRPC-Web with Armeria's client -----------------------------------------------------------

    /** gRPC-Web (binary or text) over HTTP/1.1 with Armeria's gRPC client (its generated blocking stubs). */
    final class GrpcWeb implements Transport {
        private final String base;
        private final SerializationFormat format;
        private final Map<String, Object> stubs = new ConcurrentHashMap<>();

        GrpcWeb(String base, boolean text) {
            this.base = base;
            this.format = text ? GrpcSerializationFormats.PROTO_WEB_TEXT : GrpcSerializationFormats.PROTO_WEB;
        }

        @Override
        public String name() {
            return format == GrpcSerializationFormats.PROTO_WEB_TEXT ? "gRPC-Web text (Armeria client)"
                    : "gRPC-Web binary (Armeria client)";
        }

        @Override
        public Outcome call(Op op, String token, String json) {
            boolean ours = op == Op.RESOLVE || op == Op.HISTORY;
            Class<?> stubType = ours
                    ? io.executions.grpc.proto.executions.v1.ExecutionsServiceGrpc.ExecutionsServiceBlockingStub.class
                    : io.executions.grpc.proto.zitadel.action.v2beta.ActionServiceGrpc.ActionServiceBlockingStub.class;
            Object stub = stubs.computeIfAbsent((token == null ? "" : token) + "|" + ours, key -> {
                var builder = GrpcClients.builder(base)
                        .serializationFormat(format)
                        .responseTimeout(Duration.ofSeconds(30));
                if (token != null) {
                    builder.addHeader("authorization", "Bearer " + token);
                }
                return builder.build(stubType);
            });
            MethodDescriptor<?, ?> method = Op.grpcService(op).getMethods().stream()
                    .filter(m -> m.getFullMethodName().equals(op.fullName())).findFirst().orElseThrow();
            Message request = typed(method, parse(op, json));
            String javaName = Character.toLowerCase(op.rpc.charAt(0)) + op.rpc.substring(1);
            try {
                Object answer = stubType.getMethod(javaName, request.getClass()).invoke(stub, request);
                return Outcome.ok(print((Message) answer));
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof StatusRuntimeException status) {
                    return outcome(status);
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- Connect unary ---------------------------------------------------------------------------

    /** Connect unary by hand (java.net.http): JSON or binary, with or without Connect-Protocol-Version. */
    final class Connect implements Transport {
        private final String base;
        private final boolean binary;
        private final boolean versionHeader;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Connect(String base, boolean binary, boolean versionHeader) {
            this.base = base;
            this.binary = binary;
            this.versionHeader = versionHeader;
        }

        @Override
        public String name() {
            return "Connect " + (binary ? "binary" : "JSON") + (versionHeader ? " (Connect-Protocol-Version: 1)" : "");
        }

        @Override
        public Outcome call(Op op, String token, String json) {
            Message request = parse(op, json);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/" + op.fullName()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", binary ? "application/proto" : "application/json")
                    .POST(binary ? HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())
                            : HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json));
            if (versionHeader) {
                builder.header("Connect-Protocol-Version", "1");
            }
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            try {
                HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    Message answer = binary
                            ? DynamicMessage.parseFrom(op.method().getOutputType(), response.body())
                            : jsonMessage(op, new String(response.body(), StandardCharsets.UTF_8));
                    return Outcome.ok(print(answer));
                }
                return connectError(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static Message jsonMessage(Op op, String json) throws InvalidProtocolBufferException {
            DynamicMessage.Builder builder = DynamicMessage.newBuilder(op.method().getOutputType());
            JsonFormat.parser().merge(json, builder); // strict: an unknown field in an answer is a failure
            return builder.build();
        }
    }

    /**
     * A Connect error: the code's name turned back into its number, the detail decoded from its binary
     * {@code value} (and checked against its {@code debug} form), and the HTTP status checked against Connect's.
     */
    static Outcome connectError(int httpStatus, String body) {
        ObjectNode error = (ObjectNode) tree(body);
        String name = error.path("code").asText();
        Status.Code code = name.equals("canceled") ? Status.Code.CANCELLED
                : Status.Code.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        int expectedHttp = switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case CANCELLED -> 499;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            default -> 500;
        };
        if (httpStatus != expectedHttp) {
            throw new AssertionError("Connect error " + name + " came with HTTP " + httpStatus + ", not " + expectedHttp);
        }
        JsonNode detail = error.path("details").path(0);
        String id = null;
        String key = null;
        if (!detail.isMissingNode()) {
            if (!"zitadel.v1.ErrorDetail".equals(detail.path("type").asText())) {
                throw new AssertionError("unexpected detail type in " + body);
            }
            try {
                ErrorDetail decoded = ErrorDetail.parseFrom(Base64.getDecoder().decode(padded(detail.path("value").asText())));
                id = decoded.getId();
                key = decoded.getMessage();
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("undecodable detail in " + body, e);
            }
            if (!id.equals(detail.path("debug").path("id").asText()) || !key.equals(detail.path("debug").path("message").asText())) {
                throw new AssertionError("debug form differs from the value in " + body);
            }
        }
        return new Outcome(code.value(), id, key, error.path("message").asText(), null);
    }

    private static String padded(String base64) {
        return base64 + "===".substring(0, (4 - base64.length() % 4) % 4);
    }
}
