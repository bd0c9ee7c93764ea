package io.executions.benchmarks.support;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.ShapeGenerator;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write workload: SetExecution on a pool of method-level conditions, each call a real change (the
 * list alternates between three and two targets from one round over the pool to the next), and the
 * same events for the raw-append baseline.
 */
public final class WriteWorkload {
    public static final InstanceId INSTANCE = InstanceId.of("bench-writes");
    public static final int CONDITIONS = 1000;
    public static final int TARGETS = 20;

    private final List<Condition> conditions = new ArrayList<>(CONDITIONS);
    private final List<TargetId> targets = new ArrayList<>(TARGETS);
    private final StaticCatalog catalog;

    public WriteWorkload() {
        Map<String, List<String>> services = new LinkedHashMap<>();
        for (String service : ShapeGenerator.services(CONDITIONS / ShapeGenerator.METHODS_PER_SERVICE)) {
            List<String> names = new ArrayList<>();
            for (String method : ShapeGenerator.methodsOf(service)) {
                names.add(method.substring(method.lastIndexOf('/') + 1));
                conditions.add(Condition.requestMethod(method));
            }
            services.put(service, names);
        }
        for (int i = 0; i < TARGETS; i++) {
            targets.add(TargetId.of("w" + i));
        }
        catalog = new StaticCatalog(services, List.of(), List.of());
    }

    public StaticCatalog catalog() {
        return catalog;
    }

    /** Creates the targets the lists name. */
    public void createTargets(Executions engine) {
        createTargets(engine, INSTANCE);
    }

    /** Creates the targets the lists name in one instance. */
    public void createTargets(Executions engine, InstanceId instance) {
        for (TargetId target : targets) {
            engine.createTarget(new CreateTarget(instance, target, "target-" + target.value(), TargetType.REST_WEBHOOK,
                    true, "https://hooks.example.test/" + target.value(), Duration.ofSeconds(10), "bench"));
        }
    }

    public Condition condition(long op) {
        return conditions.get((int) (op % CONDITIONS));
    }

    /** The sequence number the op's event gets: how often its condition was set before. */
    public static long sequence(long op) {
        return op / CONDITIONS;
    }

    public List<Entry> entries(long op) {
        int a = (int) (op % TARGETS);
        if (sequence(op) % 2 == 0) {
            return List.of(new Entry.Target(targets.get(a)), new Entry.Target(targets.get((a + 7) % TARGETS)),
                    new Entry.Target(targets.get((a + 13) % TARGETS)));
        }
        return List.of(new Entry.Target(targets.get((a + 13) % TARGETS)), new Entry.Target(targets.get(a)));
    }

    public SetExecution command(long op) {
        return command(op, INSTANCE);
    }

    public SetExecution command(long op, InstanceId instance) {
        return new SetExecution(instance, condition(op), entries(op), "bench");
    }

    /**
     * The instance of an op when the writes are spread over {@code instances} (a divisor of
     * {@link #CONDITIONS}): a condition always falls in the same instance, so each execution keeps one history.
     */
    public static InstanceId instance(long op, int instances) {
        return instances == 1 ? INSTANCE : InstanceId.of(INSTANCE.value() + "-" + (op % CONDITIONS) % instances);
    }

    /** Every instance of {@link #instance(long, int)}. */
    public static List<InstanceId> instances(int instances) {
        List<InstanceId> out = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            out.add(instance(i, instances));
        }
        return out;
    }

    public DomainEventMessage<?> event(long op) {
        return Dataset.executionSet(INSTANCE, condition(op), entries(op), sequence(op), Instant.now());
    }
}
