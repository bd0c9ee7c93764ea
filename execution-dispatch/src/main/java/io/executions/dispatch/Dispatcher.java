package io.executions.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetType;
import io.executions.projections.ExecutionQueries;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.ResolvedTarget;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the targets that resolution picks for a host's call, with docs/dispatch.md's semantics, one target
 * after the other in list order:
 * <ul>
 *   <li>{@code restWebhook}: the answer's body is ignored; a non-2xx answer, a timeout, a connection error or
 *   a denied endpoint is a failure.</li>
 *   <li>{@code restCall}: a 2xx answer with a non-empty body replaces the message (it must parse as the
 *   message, else the call failed); the next target sees the replaced message.</li>
 *   <li>{@code restAsync}: handed to the {@link AsyncSink} and not awaited ({@code STARTED}); never fails the
 *   chain.</li>
 *   <li>a 2xx body {@code {"forwardedStatusCode": n, "forwardedErrorMessage": "..."}} from a webhook or call
 *   is a failure carrying that error (400..499 as that code's gRPC status, else FAILED_PRECONDITION).</li>
 *   <li>a failure of a target with {@code interruptOnError} stops the chain: the host's call fails with
 *   FAILED_PRECONDITION {@code Errors.Execution.Failed}, or the forwarded error; without it the failure is
 *   recorded and the next target runs.</li>
 *   <li>each call is bounded by its target's timeout, the whole chain by the sum of its synchronous targets'
 *   timeouts.</li>
 * </ul>
 * Every method answers a future and blocks no thread: the calls complete on the client's event loops.
 */
public final class Dispatcher {
    /** A function answer's arrays that add up across call targets instead of replacing each other. */
    static final Set<String> APPENDED_FUNCTION_FIELDS =
            Set.of("append_claims", "set_user_metadata", "append_log_claims", "append_attribute");

    private final ExecutionQueries queries;
    private final TargetClient client;
    private final SigningKeySource keys;
    private final AsyncSink async;
    private final DispatchMetrics metrics;
    private final ObjectMapper json;
    private final Supplier<String> deliveryIds;
    private final JwtSigner jwt;
    private final PublicKeySource publicKeys;

    private Dispatcher(Builder builder) {
        this.jwt = builder.jwt;
        this.publicKeys = builder.publicKeys;
        this.queries = builder.queries;
        this.client = builder.client;
        this.keys = builder.keys;
        this.metrics = builder.metrics;
        this.json = builder.json;
        this.deliveryIds = builder.deliveryIds;
        this.async = builder.async != null ? builder.async
                : new BoundedAsyncSink(client, keys, builder.maxAsyncInFlight, (call, outcome) -> metrics.record(
                call.instance().value(), new TargetOutcome(call.target().id(), call.target().definition().name(),
                        TargetType.REST_ASYNC, outcome), logReason(outcome)));
    }

    public static Builder builder() {
        return new Builder();
    }

    public ObjectMapper json() {
        return json;
    }

    /** The JWKS of the JWT payload key, {@code {"keys": []}} when there is none. */
    public String jwksJson() {
        return jwt == null ? "{\"keys\":[]}" : jwt.jwksJson();
    }

    /**
     * What a target receives for the JSON payload {@code json} outside a chain (the delivery worker sending a stored
     * event or async call): the payload type's body and content type (docs/dispatch.md, payload types), or a
     * failure reason when the type cannot be served (no JWT key configured, no usable public key). Reads the
     * target's public keys for JWE: call it on a thread that may wait for the store, never an event loop.
     */
    public Payload payloadFor(InstanceId instance, io.executions.domain.api.TargetId id, TargetDefinition definition,
                              byte[] json) {
        switch (definition.payloadType()) {
            case JWT -> {
                return jwt == null
                        ? Payload.failed("the target wants a JWT payload, but this host configured no JWT signing key")
                        : new Payload(jwt.sign(json), JwtSigner.CONTENT_TYPE, null);
            }
            case JWE -> {
                java.util.Optional<io.executions.projections.PublicKeyView> key =
                        JweEncrypter.choose(publicKeys.keys(instance, id), java.time.Instant.now());
                return key.isEmpty()
                        ? Payload.failed("the target wants a JWE payload, but it has no active, unexpired public key")
                        : new Payload(JweEncrypter.encrypt(json, key.get()), JwtSigner.CONTENT_TYPE, null);
            }
            default -> {
                return new Payload(json, TargetCall.JSON, null);
            }
        }
    }

    /** A target's body and content type for one payload, or (body null) why it cannot be sent. */
    public record Payload(byte[] body, String contentType, String failure) {
        static Payload failed(String why) {
            return new Payload(null, null, why);
        }
    }

    /** The request targets of a call of {@code context.fullMethod()}, before the host's handler. */
    public CompletableFuture<ChainResult> request(InstanceId instance, CallContext context, JsonNode request) {
        return request(instance, context, request, MessageParser.ANY_OBJECT);
    }

    public CompletableFuture<ChainResult> request(InstanceId instance, CallContext context, JsonNode request,
                                                  MessageParser parser) {
        Resolution resolution = resolve(instance, ResolveQuery.request(context.fullMethod()));
        return run(instance, resolution, new ApiCall(instance, context, request, null, parser));
    }

    /** The response targets, after the host's handler answered {@code response} to {@code request}. */
    public CompletableFuture<ChainResult> response(InstanceId instance, CallContext context, JsonNode request,
                                                   JsonNode response) {
        return response(instance, context, request, response, MessageParser.ANY_OBJECT);
    }

    public CompletableFuture<ChainResult> response(InstanceId instance, CallContext context, JsonNode request,
                                                   JsonNode response, MessageParser parser) {
        Resolution resolution = resolve(instance, ResolveQuery.response(context.fullMethod()));
        return run(instance, resolution, new ApiCall(instance, context, request, response, parser));
    }

    /**
     * A named function of the host ({@code preuserinfo}, ...): targets receive {@code {"function": name, ...}}
     * plus the payload's fields; the result is the call targets' answers merged ({@code append_claims},
     * {@code set_user_metadata}, {@code append_log_claims} and {@code append_attribute} add up; any other
     * field is the last answer's).
     */
    public CompletableFuture<ChainResult> function(InstanceId instance, String name, JsonNode payload) {
        Resolution resolution = resolve(instance, ResolveQuery.function(name));
        return run(instance, resolution, new FunctionCall(instance, name, payload));
    }

    /** The event targets of a host's domain event, run now (the durable path is docs/delivery.md's). */
    public CompletableFuture<ChainResult> event(InstanceId instance, DispatchEvent event) {
        Resolution resolution = resolve(instance, ResolveQuery.event(event.eventType()));
        return run(instance, resolution, new EventCall(instance, event));
    }

    /**
     * {@code invokeFunction(instance, name, payload)}: runs a host function's targets and merges the call
     * targets' answers (see {@link FunctionResult}).
     */
    public CompletableFuture<FunctionResult> invokeFunction(InstanceId instance, String name, JsonNode payload) {
        return function(instance, name, payload).thenApply(FunctionResult::of);
    }

    /**
     * docs/dispatch.md's test invocation ({@code _invoke}): runs the chain that resolution picks for the query,
     * for real, with {@code payload} as the message (for a response execution the payload is the response and
     * the request is {@code {}}; for an event, the event's payload). No caller header is forwarded.
     */
    public CompletableFuture<ChainResult> invoke(InstanceId instance, ResolveQuery query, JsonNode payload,
                                                 String userId) {
        JsonNode message = payload == null ? json.createObjectNode() : payload;
        return switch (query.type()) {
            case REQUEST -> request(instance, new CallContext(query.value(), "", "", userId, Map.of()), message);
            case RESPONSE -> response(instance, new CallContext(query.value(), "", "", userId, Map.of()),
                    json.createObjectNode(), message);
            case FUNCTION -> function(instance, query.value(), message);
            case EVENT -> event(instance, new DispatchEvent(query.value(), "", "", "", "", 0, null, userId, message));
        };
    }

    /** Whether anything would run for this call: the allocation-free check a host hook asks first. */
    public boolean hasTargets(InstanceId instance, ResolveQuery query) {
        return !resolve(instance, query).targets().isEmpty();
    }

    /** One resolution from the read model, counted ({@link DispatchMetrics#RESOLUTIONS}). */
    private Resolution resolve(InstanceId instance, ResolveQuery query) {
        Resolution resolution = queries.resolve(instance, query);
        metrics.resolved(!resolution.targets().isEmpty());
        return resolution;
    }

    private CompletableFuture<ChainResult> run(InstanceId instance, Resolution resolution, Invocation invocation) {
        if (resolution.targets().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new ChainResult(resolution.matched(), null, invocation.message(), List.of()));
        }
        long boundNanos = 0;
        for (ResolvedTarget target : resolution.targets()) {
            if (target.definition().type() != TargetType.REST_ASYNC) {
                boundNanos += target.definition().timeout().toNanos();
            }
        }
        Run run = new Run(instance, resolution, invocation, System.nanoTime() + boundNanos);
        for (ResolvedTarget target : resolution.targets()) {
            if (target.definition().payloadType() == io.executions.domain.api.PayloadType.JWE) {
                // read here, on the caller's thread: later steps run on the client's event loops
                run.jweKeys.put(target.id(), JweEncrypter.choose(publicKeys.keys(instance, target.id()),
                        java.time.Instant.now()));
            }
        }
        run.step(0);
        return run.result;
    }

    /** One chain being run: its position, the outcomes so far, its deadline. */
    private final class Run {
        final InstanceId instance;
        final Resolution resolution;
        final Invocation invocation;
        final long deadlineNanos;
        final List<TargetOutcome> calls = new ArrayList<>();
        final CompletableFuture<ChainResult> result = new CompletableFuture<>();
        final Map<io.executions.domain.api.TargetId, java.util.Optional<io.executions.projections.PublicKeyView>>
                jweKeys = new java.util.HashMap<>();

        Run(InstanceId instance, Resolution resolution, Invocation invocation, long deadlineNanos) {
            this.instance = instance;
            this.resolution = resolution;
            this.invocation = invocation;
            this.deadlineNanos = deadlineNanos;
        }

        void step(int index) {
            try {
                advance(index);
            } catch (RuntimeException e) {
                // a bug must not leave the host's call hanging
                result.completeExceptionally(e);
            }
        }

        private void advance(int index) {
            List<ResolvedTarget> targets = resolution.targets();
            if (index == targets.size()) {
                result.complete(new ChainResult(resolution.matched(), null, invocation.message(), calls));
                return;
            }
            ResolvedTarget target = targets.get(index);
            TargetDefinition definition = target.definition();
            byte[] json = invocation.body();
            byte[] body;
            String contentType;
            switch (definition.payloadType()) {
                case JWT -> {
                    if (jwt == null) {
                        conclude(index, target, new CallOutcome(Outcome.FAILED, 0, 0,
                                "the target wants a JWT payload, but this host configured no JWT signing key", null));
                        return;
                    }
                    body = jwt.sign(json);
                    contentType = JwtSigner.CONTENT_TYPE;
                }
                case JWE -> {
                    java.util.Optional<io.executions.projections.PublicKeyView> key =
                            jweKeys.getOrDefault(target.id(), java.util.Optional.empty());
                    if (key.isEmpty()) {
                        conclude(index, target, new CallOutcome(Outcome.FAILED, 0, 0,
                                "the target wants a JWE payload, but it has no active, unexpired public key", null));
                        return;
                    }
                    body = JweEncrypter.encrypt(json, key.get());
                    contentType = JwtSigner.CONTENT_TYPE;
                }
                default -> {
                    body = json;
                    contentType = TargetCall.JSON;
                }
            }
            if (definition.type() == TargetType.REST_ASYNC) {
                CallOutcome outcome = async.submit(new AsyncCall(instance, target, body, contentType,
                        deliveryIds.get(), json));
                TargetOutcome recorded = new TargetOutcome(target.id(), definition.name(), definition.type(), outcome);
                calls.add(recorded);
                if (outcome.isFailure()) {
                    metrics.record(instance.value(), recorded, logReason(outcome));
                }
                step(index + 1);
                return;
            }
            long remaining = deadlineNanos - System.nanoTime();
            long timeoutNanos = Math.min(definition.timeout().toNanos(), remaining);
            if (timeoutNanos <= 0) {
                conclude(index, target, new CallOutcome(Outcome.TIMEOUT, 0, 0,
                        "the chain's time bound was used up before this call", null));
                return;
            }
            client.call(new TargetCall(definition.endpoint(), Duration.ofNanos(timeoutNanos),
                            keys.keysFor(target.id(), definition), body, contentType, deliveryIds.get()))
                    .whenComplete((outcome, error) -> conclude(index, target, outcome != null ? outcome
                            : new CallOutcome(Outcome.FAILED, 0, 0, "the call failed: " + error, null)));
        }

        private void conclude(int index, ResolvedTarget target, CallOutcome raw) {
            try {
                TargetDefinition definition = target.definition();
                CallOutcome outcome = raw;
                ChainFailure forwarded = null;
                int forwardedStatus = 0;
                if (raw.outcome() == Outcome.OK && !isBlank(raw.body())) {
                    JsonNode answer = parse(raw.body());
                    if (answer != null && answer.isObject() && answer.path("forwardedStatusCode").asInt(0) != 0) {
                        forwardedStatus = answer.path("forwardedStatusCode").asInt();
                        forwarded = ChainFailure.forwarded(forwardedStatus,
                                answer.path("forwardedErrorMessage").asText(""));
                        outcome = raw.asFailure("forwarded status " + forwardedStatus + ": " + forwarded.message());
                    } else if (definition.type() == TargetType.REST_CALL) {
                        if (answer == null) {
                            outcome = raw.asFailure("the answer is not JSON");
                        } else {
                            try {
                                invocation.accept(answer);
                            } catch (Exception e) {
                                outcome = raw.asFailure("the answer does not parse as the message: "
                                        + e.getClass().getSimpleName());
                            }
                        }
                    }
                }
                TargetOutcome recorded = new TargetOutcome(target.id(), definition.name(), definition.type(), outcome);
                calls.add(recorded);
                metrics.record(instance.value(), recorded,
                        // a forwarded message is the receiver's text: only its code goes to the log
                        forwarded != null ? "forwarded status " + forwardedStatus : logReason(outcome));
                if (outcome.isFailure() && definition.interruptOnError()) {
                    ChainFailure failure = forwarded != null ? forwarded : ChainFailure.failed(definition.name(), outcome);
                    result.complete(new ChainResult(resolution.matched(), failure, invocation.message(), calls));
                    return;
                }
                step(index + 1);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    static String logReason(CallOutcome outcome) {
        return outcome.error();
    }

    /** The payload of one kind of call and how an answer changes it. */
    private abstract class Invocation {
        abstract JsonNode message();

        abstract ObjectNode envelope();

        abstract void accept(JsonNode answer) throws Exception;

        byte[] body() {
            try {
                return json.writeValueAsBytes(envelope());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
        }
    }

    /** request/response: {@code {"fullMethod","instanceID","orgID","projectID","userID","request"(,"response"),"headers"}}. */
    private final class ApiCall extends Invocation {
        final InstanceId instance;
        final CallContext context;
        final MessageParser parser;
        JsonNode request;
        JsonNode response;

        ApiCall(InstanceId instance, CallContext context, JsonNode request, JsonNode response, MessageParser parser) {
            this.instance = instance;
            this.context = context;
            this.request = request == null ? json.createObjectNode() : request;
            this.response = response;
            this.parser = parser;
        }

        @Override
        JsonNode message() {
            return response != null ? response : request;
        }

        @Override
        ObjectNode envelope() {
            ObjectNode body = json.createObjectNode();
            body.put("fullMethod", context.fullMethod());
            body.put("instanceID", instance.value());
            body.put("orgID", context.orgId());
            body.put("projectID", context.projectId());
            body.put("userID", context.userId());
            body.set("request", request);
            if (response != null) {
                body.set("response", response);
            }
            ObjectNode headers = body.putObject("headers");
            for (Map.Entry<String, List<String>> header : context.headers().entrySet()) {
                ArrayNode values = headers.putArray(header.getKey());
                header.getValue().forEach(values::add);
            }
            return body;
        }

        @Override
        void accept(JsonNode answer) throws Exception {
            JsonNode parsed = parser.parse(answer);
            if (response != null) {
                response = parsed;
            } else {
                request = parsed;
            }
        }
    }

    /** function: {@code {"function": name, ...payload}}, the answers merged into the function's result. */
    private final class FunctionCall extends Invocation {
        final String name;
        final JsonNode payload;
        ObjectNode merged;

        FunctionCall(InstanceId instance, String name, JsonNode payload) {
            this.name = name;
            this.payload = payload == null ? json.createObjectNode() : payload;
        }

        @Override
        JsonNode message() {
            return merged != null ? merged : json.createObjectNode();
        }

        @Override
        ObjectNode envelope() {
            ObjectNode body = json.createObjectNode();
            body.put("function", name);
            if (payload.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = payload.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!field.getKey().equals("function")) {
                        body.set(field.getKey(), field.getValue());
                    }
                }
            }
            return body;
        }

        @Override
        void accept(JsonNode answer) {
            if (!answer.isObject()) {
                throw new IllegalArgumentException("a function's answer is a JSON object");
            }
            ObjectNode next = merged == null ? json.createObjectNode() : merged.deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = answer.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode previous = next.get(field.getKey());
                if (APPENDED_FUNCTION_FIELDS.contains(field.getKey()) && previous != null && previous.isArray()
                        && field.getValue().isArray()) {
                    ((ArrayNode) previous).addAll((ArrayNode) field.getValue());
                } else {
                    next.set(field.getKey(), field.getValue());
                }
            }
            merged = next;
        }
    }

    /** event: {@code {"aggregateID",...,"event_payload"}}; a call's answer replaces the event payload. */
    private final class EventCall extends Invocation {
        final InstanceId instance;
        final DispatchEvent event;
        JsonNode payload;

        EventCall(InstanceId instance, DispatchEvent event) {
            this.instance = instance;
            this.event = event;
            this.payload = event.payload() == null ? json.createObjectNode() : event.payload();
        }

        @Override
        JsonNode message() {
            return payload;
        }

        @Override
        ObjectNode envelope() {
            ObjectNode body = json.createObjectNode();
            body.put("aggregateID", event.aggregateId());
            body.put("aggregateType", event.aggregateType());
            body.put("resourceOwner", event.resourceOwner());
            body.put("instanceID", instance.value());
            body.put("version", event.version());
            body.put("sequence", event.sequence());
            body.put("event_type", event.eventType());
            body.put("created_at", DateTimeFormatter.ISO_INSTANT.format(event.createdAt()));
            body.put("userID", event.userId());
            body.set("event_payload", payload);
            return body;
        }

        @Override
        void accept(JsonNode answer) {
            if (!answer.isObject()) {
                throw new IllegalArgumentException("an event payload is a JSON object");
            }
            payload = answer;
        }
    }

    /** The dispatcher's parts, with documented defaults. */
    public static final class Builder {
        private ExecutionQueries queries;
        private TargetClient client;
        private SigningKeySource keys = SigningKeySource.AS_STORED;
        private AsyncSink async;
        private int maxAsyncInFlight = 256;
        private DispatchMetrics metrics = new DispatchMetrics(null);
        private ObjectMapper json = new ObjectMapper();
        private Supplier<String> deliveryIds = () -> UUID.randomUUID().toString();
        private JwtSigner jwt;
        private PublicKeySource publicKeys = PublicKeySource.NONE;

        private Builder() {
        }

        /**
         * Where a JWE target's public keys come from (the runtime's {@code Executions::publicKeys}). Default: none,
         * so a JWE target's call fails.
         */
        public Builder publicKeys(PublicKeySource publicKeys) {
            this.publicKeys = Objects.requireNonNull(publicKeys, "publicKeys");
            return this;
        }

        /** The key of JWT payloads (docs/dispatch.md); without one a JWT target's call fails. Default: none. */
        public Builder jwtSigner(JwtSigner jwt) {
            this.jwt = jwt;
            return this;
        }

        /**
         * The key of JWT payloads as a private RSA JWK (JSON), e.g. from the host's secret store, so its
         * {@code kid} and the JWKS stay the same across restarts; shorthand for
         * {@code jwtSigner(JwtSigner.fromJwk(json))}.
         */
        public Builder jwtKey(String privateJwkJson) {
            this.jwt = JwtSigner.fromJwk(privateJwkJson);
            return this;
        }

        /** Required: where resolutions come from ({@code Executions.queries()} in the runtime). */
        public Builder queries(ExecutionQueries queries) {
            this.queries = Objects.requireNonNull(queries, "queries");
            return this;
        }

        /** Required: the HTTP client (the host closes it). */
        public Builder client(TargetClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Default: the definition's key as stored. The runtime's source decrypts. */
        public Builder signingKeys(SigningKeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Default: a {@link BoundedAsyncSink} with {@link #maxAsyncInFlight(int)} calls in flight. */
        public Builder asyncSink(AsyncSink async) {
            this.async = Objects.requireNonNull(async, "async");
            return this;
        }

        /** Default 256. */
        public Builder maxAsyncInFlight(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxAsyncInFlight must be positive");
            }
            this.maxAsyncInFlight = max;
            return this;
        }

        /** Default: a private {@code SimpleMeterRegistry}. */
        public Builder metrics(DispatchMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public Builder json(ObjectMapper json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /** Default: random UUIDs. */
        public Builder deliveryIds(Supplier<String> deliveryIds) {
            this.deliveryIds = Objects.requireNonNull(deliveryIds, "deliveryIds");
            return this;
        }

        public Dispatcher build() {
            Objects.requireNonNull(queries, "queries");
            Objects.requireNonNull(client, "client");
            return new Dispatcher(this);
        }
    }

}
