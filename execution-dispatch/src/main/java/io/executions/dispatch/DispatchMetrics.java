package io.executions.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Per target call: a timer {@code executions.dispatch.calls} tagged with the target's id, name and type and
 * the outcome (its count is the number of calls with that outcome), and one structured log line for each
 * failed call: target, outcome, HTTP status, latency and reason. Never the payload, never a key: the reason
 * of a forwarded error names only its status code, since its message is the receiver's text.
 */
public final class DispatchMetrics {
    public static final String CALLS = "executions.dispatch.calls";
    /** Resolutions asked of the read model by the dispatcher and its host hooks, tagged targets=none|some. */
    public static final String RESOLUTIONS = "executions.resolutions";
    private static final Logger LOG = LoggerFactory.getLogger("io.executions.dispatch.calls");

    private final MeterRegistry registry;
    // registered once: counting a resolution on the hot path looks nothing up and allocates nothing
    private final Counter resolvedNone;
    private final Counter resolvedSome;

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry == null ? new SimpleMeterRegistry() : registry;
        this.resolvedNone = resolutions("none");
        this.resolvedSome = resolutions("some");
    }

    private Counter resolutions(String targets) {
        return Counter.builder(RESOLUTIONS)
                .description("resolutions asked of the read model by the dispatcher and its host hooks, by whether "
                        + "any target runs")
                .tag("targets", targets)
                .register(registry);
    }

    void resolved(boolean anyTarget) {
        (anyTarget ? resolvedSome : resolvedNone).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    void record(String instance, TargetOutcome call, String logReason) {
        CallOutcome outcome = call.call();
        Timer.builder(CALLS)
                .description("calls of targets, by target and outcome")
                .tag("target", call.targetId().value())
                .tag("name", call.name())
                .tag("type", call.type().json())
                .tag("outcome", outcome.outcome().name())
                .register(registry)
                .record(outcome.durationMs(), TimeUnit.MILLISECONDS);
        if (outcome.isFailure()) {
            LOG.warn("target call failed instance={} target={} name=\"{}\" type={} outcome={} status={} latencyMs={}"
                            + " reason=\"{}\"", instance, call.targetId(), call.name(), call.type().json(),
                    outcome.outcome(), outcome.httpStatus(), outcome.durationMs(), logReason);
        }
    }
}
