package io.executions.grpc;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.TimeoutException;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A deadline that passes before the gRPC call has started (e.g. while a slow host authenticator runs in rule 1)
 * makes Armeria abort the response with a plain-text HTTP 503. This decorator answers such a request in its own
 * protocol instead: a trailers-only gRPC / gRPC-Web answer with DEADLINE_EXCEEDED and its ErrorDetail (Connect
 * turns that into {@code deadline_exceeded}, 504).
 */
final class DeadlineAnswer implements DecoratingHttpServiceFunction {
    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        MediaType requested = req.contentType();
        return delegate.serve(ctx, req).recover(TimeoutException.class, timeout -> deadline(requested));
    }

    static HttpResponse deadline(MediaType requested) {
        StatusRuntimeException error = GrpcErrors.of(Status.Code.DEADLINE_EXCEEDED.value(), "API-DEADLINE",
                "Errors.DeadlineExceeded", "the call's deadline passed before it was answered");
        String contentType = requested != null && requested.subtype().startsWith("grpc")
                ? requested.toString() : "application/grpc+proto";
        com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(error);
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set("grpc-status", Integer.toString(Status.Code.DEADLINE_EXCEEDED.value()))
                .set("grpc-message", URLEncoder.encode(error.getStatus().getDescription(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .set("grpc-status-details-bin", Base64.getEncoder().withoutPadding()
                        .encodeToString(details.toByteArray()))
                .endOfStream(true)
                .build();
        return HttpResponse.of(headers);
    }
}
