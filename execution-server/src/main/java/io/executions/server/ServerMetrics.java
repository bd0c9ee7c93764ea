package io.executions.server;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.service.ActionService;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The standalone server's meters and {@code GET /metrics} (docs/delivery.md): one Prometheus registry that the
 * engine (Axon's command, event and query meters; the delivery gauges, attempt counters and latency timers), the
 * dispatcher (calls per target and outcome) and a few JVM binders record into, served as Prometheus text (or
 * OpenMetrics 1.0, when the scraper's {@code Accept} asks for it).
 *
 * <p>Access ({@code "metrics"} in the config, docs/delivery.md): the figures are counts and latencies tagged
 * with instance and target ids, never a payload, URL or secret, and they span every instance, so an instance's
 * API token is the wrong credential for them. Without {@code metrics.token} the endpoint is open, as
 * Prometheus expects and as ZITADEL serves its own metrics; with it, a scrape must send
 * {@code Authorization: Bearer <metrics.token>} (Prometheus' {@code authorization} scrape setting), else 401.
 * {@code "enabled": false} removes the endpoint (404) and records nothing.
 */
public final class ServerMetrics implements AutoCloseable {
    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final byte[] tokenDigest;
    /** Prometheus text, version 0.0.4: what every Prometheus-compatible scraper reads. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private ServerMetrics(String token) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        this.tokenDigest = token == null ? null : digest(token);
    }

    /** The meters of a server with this config, or null when {@code "metrics": {"enabled": false}}. */
    public static ServerMetrics of(ServerConfig config) {
        ServerConfig.Metrics m = config.metrics();
        if (m != null && Boolean.FALSE.equals(m.enabled())) {
            return null;
        }
        return new ServerMetrics(m == null ? null : m.token());
    }

    /** The registry to hand to the engine builder and the dispatcher. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Mounts {@code GET /metrics} (more specific than REST's catch-all). */
    public TransportModule endpoint() {
        return this::mount;
    }

    private void mount(ServerBuilder server, ActionService service) {
        server.service(PATH, (ctx, req) -> {
            if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                throw ExecutionsHttpApi.methodNotAllowed(req.method() + " is not allowed on " + PATH
                        + "; allowed: GET");
            }
            if (tokenDigest != null && !authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "API-TOKEN", MessageKeys.TOKEN_INVALID,
                        "scraping the metrics needs 'Authorization: Bearer <metrics.token>'");
            }
            String accept = req.headers().get(HttpHeaderNames.ACCEPT);
            // the delivery gauges count in the store: off the event loop
            return HttpResponse.of(CompletableFuture.supplyAsync(() -> scrape(accept), ctx.blockingTaskExecutor()));
        });
    }

    private HttpResponse scrape(String accept) {
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS
                : PROMETHEUS_TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            registry.scrape(out, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, type),
                HttpData.wrap(out.toByteArray()));
    }

    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return false;
        }
        // digests of equal length, compared in constant time
        return MessageDigest.isEqual(tokenDigest, digest(h.substring(space + 1).trim()));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
