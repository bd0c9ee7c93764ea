package io.executions.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Descriptors;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.executions.api.service.ActionService;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.grpc.proto.zitadel.v1.ErrorDetail;
import io.grpc.Status;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Connect unary (docs/transports.md) in front of Armeria's {@code GrpcService}, which does not speak Connect: a
 * {@code POST /<full service>/<Method>} with {@code application/json} or {@code application/proto} (with or
 * without {@code Connect-Protocol-Version: 1}) is turned into a one-message gRPC call on the same service (so
 * rules 1 to 3, the adapters and the limits are the ones every other transport gets), and the gRPC answer back
 * into Connect: the message as JSON ({@link JsonFormat}, every field printed, as REST answers) or binary, or
 * Connect's error JSON {@code {"code": "<name>", "message", "details": [{"type", "value", "debug"}]}} with
 * Connect's HTTP status for the code. {@code Connect-Timeout-Ms} becomes the call's deadline. gRPC and gRPC-Web
 * requests pass through untouched.
 *
 * <p>Connect JSON input ignores unknown fields, as connect-go does (ZITADEL's server); malformed JSON or protobuf
 * is the operation's rule-4 error, after rules 1 to 3 (checked here first, with the same service).
 */
final class ConnectUnary implements DecoratingHttpServiceFunction {
    private static final MediaType GRPC_PROTO = MediaType.parse("application/grpc+proto");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();
    private static final Map<Status.Code, Integer> HTTP = Map.ofEntries(
            Map.entry(Status.Code.CANCELLED, 499), Map.entry(Status.Code.UNKNOWN, 500),
            Map.entry(Status.Code.INVALID_ARGUMENT, 400), Map.entry(Status.Code.DEADLINE_EXCEEDED, 504),
            Map.entry(Status.Code.NOT_FOUND, 404), Map.entry(Status.Code.ALREADY_EXISTS, 409),
            Map.entry(Status.Code.PERMISSION_DENIED, 403), Map.entry(Status.Code.RESOURCE_EXHAUSTED, 429),
            Map.entry(Status.Code.FAILED_PRECONDITION, 400), Map.entry(Status.Code.ABORTED, 409),
            Map.entry(Status.Code.OUT_OF_RANGE, 400), Map.entry(Status.Code.UNIMPLEMENTED, 501),
            Map.entry(Status.Code.INTERNAL, 500), Map.entry(Status.Code.UNAVAILABLE, 503),
            Map.entry(Status.Code.DATA_LOSS, 500), Map.entry(Status.Code.UNAUTHENTICATED, 401));

    private final ActionService service;
    private final Map<String, Descriptors.MethodDescriptor> methods;
    private final int maxRequestBytes;

    /**
     * @param methods         the unary methods served, by path ({@code /pkg.Service/Method})
     * @param maxRequestBytes the largest message accepted (larger: {@code resource_exhausted})
     */
    ConnectUnary(ActionService service, Map<String, Descriptors.MethodDescriptor> methods, int maxRequestBytes) {
        this.service = Objects.requireNonNull(service, "service");
        this.methods = Map.copyOf(methods);
        this.maxRequestBytes = maxRequestBytes;
    }

    private enum Codec { JSON, PROTO }

    private static Codec codecOf(RequestHeaders headers) {
        MediaType type = headers.contentType();
        if (type == null) {
            return null;
        }
        String subtype = type.subtype().toLowerCase(Locale.ROOT);
        if (!"application".equals(type.type())) {
            return null;
        }
        return switch (subtype) {
            case "json" -> Codec.JSON;
            case "proto", "protobuf", "x-protobuf" -> Codec.PROTO;
            default -> null;
        };
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        Codec codec = codecOf(req.headers());
        Descriptors.MethodDescriptor method = methods.get(ctx.path());
        if (codec == null || method == null || req.method() != HttpMethod.POST) {
            return delegate.serve(ctx, req); // gRPC, gRPC-Web, or not ours
        }
        String version = req.headers().get("connect-protocol-version");
        if (version != null && !"1".equals(version.trim())) {
            return error(codec, Status.Code.INVALID_ARGUMENT, "API-CONNECT", invalidKey(method),
                    "Connect-Protocol-Version must be 1, got '" + version + "'");
        }
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
            return error(codec, Status.Code.UNIMPLEMENTED, "API-CONNECT", "Errors.Unimplemented",
                    "Content-Encoding '" + encoding + "' is not supported; send the message uncompressed");
        }
        String timeout = req.headers().get("connect-timeout-ms");
        if (timeout != null && !timeout.matches("[0-9]{1,10}")) {
            return error(codec, Status.Code.INVALID_ARGUMENT, "API-CONNECT", invalidKey(method),
                    "Connect-Timeout-Ms must be 1 to 10 digits, got '" + timeout + "'");
        }
        CompletableFuture<HttpResponse> answer = req.aggregate().thenApply(request -> {
            try {
                byte[] body = request.content().array();
                if (body.length > maxRequestBytes) {
                    return error(codec, Status.Code.RESOURCE_EXHAUSTED, "API-BODY-SIZE", invalidKey(method),
                            "the message is larger than " + maxRequestBytes + " bytes");
                }
                byte[] message;
                try {
                    message = codec == Codec.JSON ? jsonToBinary(method.getInputType(), request.contentUtf8())
                            : checkedBinary(method.getInputType(), body);
                } catch (InvalidProtocolBufferException e) {
                    return malformed(codec, method, request.headers().get(HttpHeaderNames.AUTHORIZATION),
                            e.getMessage());
                }
                RequestHeaders headers = grpcHeaders(req.headers(), timeout);
                HttpRequest grpc = HttpRequest.of(headers, HttpData.wrap(frame(message)));
                ctx.updateRequest(grpc);
                return HttpResponse.of(delegate.serve(ctx, grpc).aggregate()
                        .thenApply(response -> toConnect(codec, method, response)));
            } catch (Exception e) {
                ServiceError error = ServiceError.from(e, "Connect " + ctx.path());
                return error(codec, Status.fromCodeValue(error.grpcCode()).getCode(), error.errorId(),
                        error.messageKey(), error.getMessage());
            }
        });
        // a deadline that passes while the call runs aborts the whole exchange: answer it as Connect does
        return HttpResponse.of(answer).recover(com.linecorp.armeria.common.TimeoutException.class,
                late -> error(codec, Status.Code.DEADLINE_EXCEEDED, "API-DEADLINE", "Errors.DeadlineExceeded",
                        "the call's deadline passed before it was answered"));
    }

    private static String invalidKey(Descriptors.MethodDescriptor method) {
        Operation operation = CallerInterceptor.operationOf(method.getService().getFullName() + "/" + method.getName());
        return operation == null ? "Errors.Query.Invalid" : operation.invalidKey();
    }

    /** Rule 4 comes after rules 1 to 3, as on every transport: a caller who may not call learns nothing more. */
    private HttpResponse malformed(Codec codec, Descriptors.MethodDescriptor method, String authorization,
                                   String reason) {
        Operation operation = CallerInterceptor.operationOf(method.getService().getFullName() + "/" + method.getName());
        if (operation != null) {
            try {
                service.begin(authorization, operation);
            } catch (RuntimeException e) {
                ServiceError error = ServiceError.from(e, "Connect " + method.getFullName());
                return error(codec, Status.fromCodeValue(error.grpcCode()).getCode(), error.errorId(),
                        error.messageKey(), error.getMessage());
            }
        }
        return error(codec, Status.Code.INVALID_ARGUMENT, "API-BODY", invalidKey(method),
                "the request is not a valid " + method.getInputType().getFullName() + " in "
                        + (codec == Codec.JSON ? "JSON" : "protobuf") + ": " + reason);
    }

    private static byte[] jsonToBinary(Descriptors.Descriptor type, String json) throws InvalidProtocolBufferException {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        try {
            PARSER.merge(json.isBlank() ? "{}" : json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (RuntimeException e) {
            // JsonFormat reports some malformed input (e.g. bad nesting) as an unchecked exception
            throw new InvalidProtocolBufferException(String.valueOf(e.getMessage()));
        }
        return builder.build().toByteArray();
    }

    private static byte[] checkedBinary(Descriptors.Descriptor type, byte[] body) throws InvalidProtocolBufferException {
        DynamicMessage.parseFrom(type, body); // refused here, with rules 1 to 3 first, rather than deep in the call
        return body;
    }

    private static RequestHeaders grpcHeaders(RequestHeaders connect, String timeoutMs) {
        // the same request (path, authority, authorization and other metadata) as a gRPC call; Connect's own and
        // the body's headers are replaced
        RequestHeadersBuilder headers = connect.toBuilder();
        headers.removeAndThen(HttpHeaderNames.CONTENT_LENGTH)
                .removeAndThen(HttpHeaderNames.CONTENT_ENCODING)
                .removeAndThen(HttpHeaderNames.ACCEPT_ENCODING)
                .removeAndThen("connect-protocol-version")
                .removeAndThen("connect-timeout-ms")
                .removeAndThen("grpc-timeout")
                .removeAndThen("grpc-encoding")
                .removeAndThen("grpc-accept-encoding")
                .contentType(GRPC_PROTO)
                .set(HttpHeaderNames.TE, "trailers");
        if (timeoutMs != null) {
            headers.set("grpc-timeout", Long.parseLong(timeoutMs) + "m");
        }
        return headers.build();
    }

    private static byte[] frame(byte[] message) {
        ByteBuffer buffer = ByteBuffer.allocate(5 + message.length);
        buffer.put((byte) 0).putInt(message.length).put(message);
        return buffer.array();
    }

    // ---- the gRPC answer as Connect --------------------------------------------------------------

    private static HttpResponse toConnect(Codec codec, Descriptors.MethodDescriptor method,
                                          AggregatedHttpResponse response) {
        HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        String grpcStatus = trailers.get("grpc-status");
        if (grpcStatus == null) {
            grpcStatus = response.headers().get("grpc-status");
        }
        if (grpcStatus == null) {
            // an answer of the HTTP layer (e.g. 413 from a server-wide limit): keep its meaning
            Status.Code code = switch (response.status().code()) {
                case 413 -> Status.Code.RESOURCE_EXHAUSTED;
                case 503 -> Status.Code.UNAVAILABLE;
                case 408, 504 -> Status.Code.DEADLINE_EXCEEDED;
                default -> Status.Code.UNKNOWN;
            };
            return error(codec, code, "API-CONNECT", invalidKey(method), "the server answered HTTP "
                    + response.status().code());
        }
        Status.Code code = Status.fromCodeValue(Integer.parseInt(grpcStatus.trim())).getCode();
        if (code != Status.Code.OK) {
            return grpcError(codec, code, trailers);
        }
        byte[] framed = response.content().array();
        if (framed.length < 5) {
            return error(codec, Status.Code.INTERNAL, "API-CONNECT", "Errors.Internal", "the call answered no message");
        }
        byte[] message = java.util.Arrays.copyOfRange(framed, 5, framed.length);
        if (codec == Codec.PROTO) {
            return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, "application/proto"),
                    HttpData.wrap(message));
        }
        try {
            String json = PRINTER.print(DynamicMessage.parseFrom(method.getOutputType(), message));
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, json);
        } catch (InvalidProtocolBufferException e) {
            return error(codec, Status.Code.INTERNAL, "API-CONNECT", "Errors.Internal", "unreadable answer");
        }
    }

    private static HttpResponse grpcError(Codec codec, Status.Code code, HttpHeaders trailers) {
        String message = trailers.get("grpc-message");
        message = message == null ? "" : URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8);
        ObjectNode body = JSON.createObjectNode();
        body.put("code", connectName(code));
        body.put("message", message);
        ArrayNode details = body.putArray("details");
        String detailsBin = trailers.get("grpc-status-details-bin");
        if (detailsBin != null) {
            try {
                com.google.rpc.Status status = com.google.rpc.Status.parseFrom(decodeBase64(detailsBin));
                for (Any any : status.getDetailsList()) {
                    ObjectNode detail = details.addObject();
                    String url = any.getTypeUrl();
                    detail.put("type", url.substring(url.lastIndexOf('/') + 1));
                    detail.put("value", Base64.getEncoder().withoutPadding().encodeToString(any.getValue().toByteArray()));
                    if (any.is(ErrorDetail.class)) {
                        ErrorDetail d = any.unpack(ErrorDetail.class);
                        ObjectNode debug = detail.putObject("debug");
                        debug.put("id", d.getId());
                        debug.put("message", d.getMessage());
                    }
                }
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                // a detail we cannot read is left out; code and message still answer
            }
        }
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.valueOf(HTTP.getOrDefault(code, 500)),
                HttpHeaderNames.CONTENT_TYPE, "application/json"), HttpData.ofUtf8(write(body)));
    }

    private static byte[] decodeBase64(String text) {
        // gRPC sends it with or without padding
        String t = text.trim().replace("=", "");
        return Base64.getDecoder().decode(t + "===".substring(0, (4 - t.length() % 4) % 4));
    }

    /** An error of this decorator itself, in Connect's form with one ErrorDetail. */
    static HttpResponse error(Codec codec, Status.Code code, String errorId, String key, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", connectName(code));
        body.put("message", message);
        ObjectNode detail = body.putArray("details").addObject();
        ErrorDetail d = ErrorDetail.newBuilder().setId(errorId).setMessage(key).build();
        detail.put("type", ErrorDetail.getDescriptor().getFullName());
        detail.put("value", Base64.getEncoder().withoutPadding().encodeToString(d.toByteArray()));
        ObjectNode debug = detail.putObject("debug");
        debug.put("id", errorId);
        debug.put("message", key);
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.valueOf(HTTP.getOrDefault(code, 500)),
                HttpHeaderNames.CONTENT_TYPE, "application/json"), HttpData.ofUtf8(write(body)));
    }

    /** Connect's name of a code: the gRPC name in lower case ({@code CANCELLED} is spelled {@code canceled}). */
    static String connectName(Status.Code code) {
        return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(Locale.ROOT);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
