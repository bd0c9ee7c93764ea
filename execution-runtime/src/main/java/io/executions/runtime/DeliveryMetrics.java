package io.executions.runtime;

import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Delivery meters on the host's registry: gauges {@code executions.deliveries.pending} and
 * {@code executions.deliveries.dead} (counted in the store, so shared by every process),
 * {@code executions.deliveries.inflight} (attempts running in this process), the counter
 * {@code executions.delivery.attempts} tagged {@code instance}, {@code target}, {@code outcome}, and the
 * timer {@code executions.delivery.latency} tagged {@code instance}, {@code target}.
 */
class DeliveryMetrics {
    static final DeliveryMetrics NONE = new DeliveryMetrics();

    private final MeterRegistry registry;

    private DeliveryMetrics() {
        this.registry = null;
    }

    DeliveryMetrics(MeterRegistry registry, DeliveryLog log, IntSupplier inFlight) {
        this.registry = registry;
        Gauge.builder("executions.deliveries.pending", log, l -> safe(l::countPending))
                .description("deliveries waiting for their next attempt").strongReference(true).register(registry);
        Gauge.builder("executions.deliveries.dead", log, l -> safe(l::countDead))
                .description("dead deliveries (attempts spent), waiting for a retry").strongReference(true)
                .register(registry);
        Gauge.builder("executions.deliveries.inflight", inFlight, s -> s.getAsInt())
                .description("delivery attempts running in this process").strongReference(true).register(registry);
    }

    private static double safe(java.util.function.LongSupplier count) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) {
            // the store is closed or unreachable: no figure rather than a failed scrape
            return Double.NaN;
        }
    }

    void attempt(InstanceId instance, TargetId target, String outcome, long durationMs) {
        if (registry == null) {
            return;
        }
        Counter.builder("executions.delivery.attempts")
                .tag("instance", instance.value()).tag("target", target.value()).tag("outcome", outcome)
                .register(registry).increment();
        Timer.builder("executions.delivery.latency")
                .tag("instance", instance.value()).tag("target", target.value())
                .register(registry).record(Duration.ofMillis(durationMs));
    }
}
