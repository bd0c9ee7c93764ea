package io.executions.dispatch;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.util.EventLoopGroups;
import io.executions.domain.api.TargetDefinition;
import io.executions.projections.ResolvedTarget;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes one signed HTTP call of a target and says how it ended. One instance per host (it holds the
 * connection pool); thread-safe; {@link #close()} releases its threads.
 *
 * <p><b>Why Armeria's {@code WebClient} and not the JDK {@code HttpClient}.</b> Both pool connections and
 * speak HTTP/1.1 and HTTP/2 without a thread per call. The deciding difference is the lookup: the JDK
 * client resolves host names itself, with the system resolver, so a deny-list check done before the call
 * can be bypassed by a name that answers differently the second time (DNS rebinding), and its resolver
 * cannot be replaced per client. Armeria lets the client's connections use our own lookup
 * ({@link GuardedResolverGroup}), which checks every address and hands the connection exactly the
 * addresses it checked. Armeria also never follows redirects unless told to, bounds the size of an answer,
 * and runs everything on a fixed number of event-loop threads. The standalone server runs on Armeria
 * already, so it adds no second network stack there.
 *
 * <p><b>Timeouts.</b> The target's timeout covers the whole exchange: lookup, connect, send and the whole
 * answer. A timer on the event loop completes the call as {@code TIMEOUT} and aborts the exchange at that
 * moment, whatever stage it is in; no thread ever waits for a call. A 3xx answer is {@code FAILED}.
 */
public final class TargetClient implements AutoCloseable {
    /** The largest answer read (a call target's body replaces a message; the contract's bodies are at most 1 MiB). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final EventLoopGroup eventLoops;
    private final ThreadPoolExecutor lookups;
    private final ClientFactory factory;
    private final WebClient client;
    private final DenyList denyList;
    private final Clock clock;
    private final int maxResponseBytes;

    private TargetClient(Builder builder) {
        this.denyList = builder.denyList;
        this.clock = builder.clock;
        this.maxResponseBytes = builder.maxResponseBytes;
        this.eventLoops = EventLoopGroups.newEventLoopGroup(builder.eventLoopThreads, "executions-dispatch", true);
        this.lookups = new ThreadPoolExecutor(builder.lookupThreads, builder.lookupThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1024), daemonThreads("executions-dispatch-lookup"));
        this.lookups.allowCoreThreadTimeOut(true);
        GuardedResolverGroup resolverGroup = new GuardedResolverGroup(builder.resolver, denyList, lookups);
        this.factory = ClientFactory.builder()
                .workerGroup(eventLoops, false)
                .addressResolverGroupFactory(group -> resolverGroup)
                .connectTimeout(Duration.ofSeconds(270))
                .idleTimeout(Duration.ofSeconds(30))
                .build();
        this.client = WebClient.builder().factory(factory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public DenyList denyList() {
        return denyList;
    }

    /** Calls a resolved target with the given plaintext keys. */
    public CompletableFuture<CallOutcome> call(ResolvedTarget target, List<String> signingKeys, byte[] body,
                                               String deliveryId) {
        return call(target.definition(), signingKeys, body, deliveryId);
    }

    /** Calls a target definition's endpoint within its timeout with the given plaintext keys. */
    public CompletableFuture<CallOutcome> call(TargetDefinition target, List<String> signingKeys, byte[] body,
                                               String deliveryId) {
        return call(new TargetCall(target.endpoint(), target.timeout(), signingKeys, body, TargetCall.JSON,
                deliveryId == null ? UUID.randomUUID().toString() : deliveryId));
    }

    /**
     * Makes the call. The future always completes normally (never exceptionally) with the outcome, at the
     * latest when the timeout has passed.
     */
    public CompletableFuture<CallOutcome> call(TargetCall call) {
        long start = System.nanoTime();
        String host = DenyList.hostOf(call.endpoint());
        if (host == null) {
            return CompletableFuture.completedFuture(new CallOutcome(Outcome.FAILED, 0, 0,
                    "the endpoint is not an absolute URL", null));
        }
        String denied = denyList.denyingEntry(host);
        if (denied == null) {
            InetAddress literal = DenyList.literalAddress(host);
            denied = literal == null ? null : denyList.denyingEntry(literal);
        }
        if (denied != null) {
            return CompletableFuture.completedFuture(new CallOutcome(Outcome.DENIED, 0, millisSince(start),
                    "host " + host + " is in the deny list (" + denied + ")", null));
        }
        CompletableFuture<CallOutcome> result = new CompletableFuture<>();
        HttpResponse response;
        try {
            long t = clock.instant().getEpochSecond();
            var preparation = client.prepare().post(URI.create(call.endpoint()).toString())
                    .content(MediaType.parse(call.contentType()), call.body())
                    .header(Signatures.DELIVERY_HEADER, call.deliveryId())
                    // Armeria's own deadline is a backstop only; the timer below decides and reports
                    .responseTimeout(call.timeout().plusSeconds(1))
                    .maxResponseLength(maxResponseBytes);
            if (!call.signingKeys().isEmpty()) {
                preparation.header(Signatures.HEADER, Signatures.header(t, call.body(), call.signingKeys()));
            }
            response = preparation.execute();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new CallOutcome(Outcome.FAILED, 0, millisSince(start),
                    "the call could not be made: " + describe(e), null));
        }
        ScheduledFuture<?> timer = eventLoops.next().schedule(() -> {
            if (result.complete(new CallOutcome(Outcome.TIMEOUT, 0, millisSince(start),
                    "no complete answer within " + call.timeout().toMillis() + " ms", null))) {
                response.abort();
            }
        }, call.timeout().toNanos(), TimeUnit.NANOSECONDS);
        response.aggregate().handle((AggregatedHttpResponse answer, Throwable error) -> {
            timer.cancel(false);
            if (error == null) {
                int status = answer.status().code();
                byte[] body = answer.content().array();
                boolean ok = status >= 200 && status < 300;
                result.complete(new CallOutcome(ok ? Outcome.OK : Outcome.FAILED, status, millisSince(start),
                        ok ? "" : "answered HTTP " + status, body));
            } else {
                result.complete(failure(error, call, start));
            }
            return null;
        });
        return result;
    }

    private CallOutcome failure(Throwable error, TargetCall call, long start) {
        Throwable cause = unwrap(error);
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof DeniedAddressException) {
                return new CallOutcome(Outcome.DENIED, 0, millisSince(start), c.getMessage(), null);
            }
        }
        if (cause instanceof ResponseTimeoutException) {
            return new CallOutcome(Outcome.TIMEOUT, 0, millisSince(start),
                    "no complete answer within " + call.timeout().toMillis() + " ms", null);
        }
        if (cause instanceof ContentTooLargeException) {
            return new CallOutcome(Outcome.FAILED, 0, millisSince(start),
                    "the answer is larger than " + maxResponseBytes + " bytes", null);
        }
        if (cause instanceof UnknownHostException) {
            return new CallOutcome(Outcome.FAILED, 0, millisSince(start), "unknown host: " + cause.getMessage(),
                    null);
        }
        return new CallOutcome(Outcome.FAILED, 0, millisSince(start), "connection error: " + describe(cause), null);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof UnprocessedRequestException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes the pool and stops the client's threads. Calls in flight end as connection errors. */
    @Override
    public void close() {
        factory.close();
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        lookups.shutdownNow();
    }

    /** The client's settings, with documented defaults. */
    public static final class Builder {
        private DenyList denyList = DenyList.defaults();
        private HostResolver resolver = HostResolver.system();
        private Clock clock = Clock.systemUTC();
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int eventLoopThreads = 2;
        private int lookupThreads = 4;

        private Builder() {
        }

        /** Default: {@link DenyList#defaults()}. */
        public Builder denyList(DenyList denyList) {
            this.denyList = Objects.requireNonNull(denyList, "denyList");
            return this;
        }

        /** Default: the system resolver. */
        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The clock of the signature's {@code t}. Default: the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default 1 MiB; a larger answer is {@code FAILED}. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** Default 2: the event loops carry every call; no call holds a thread. */
        public Builder eventLoopThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("eventLoopThreads must be positive");
            }
            this.eventLoopThreads = threads;
            return this;
        }

        /** Default 4: threads for blocking name lookups (at most 1024 more wait; beyond that a call fails). */
        public Builder lookupThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("lookupThreads must be positive");
            }
            this.lookupThreads = threads;
            return this;
        }

        public TargetClient build() {
            return new TargetClient(this);
        }
    }
}
