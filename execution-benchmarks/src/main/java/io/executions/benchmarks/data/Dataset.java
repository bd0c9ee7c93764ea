package io.executions.benchmarks.data;

import io.executions.benchmarks.data.GeneratedInstance.GeneratedExecution;
import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The instances of one benchmark shape, and what is derived from them: the events that build the read
 * models, the catalog the command side checks against, and the resolution queries per category.
 */
public final class Dataset {
    /** Axon's aggregate type names (the aggregate classes' simple names). */
    public static final String EXECUTION_TYPE = "Execution";
    public static final String TARGET_TYPE = "Target";
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    public static final long SEED = 42;

    private final String shape;
    private final List<GeneratedInstance> instances;

    private Dataset(String shape, List<GeneratedInstance> instances) {
        this.shape = shape;
        this.instances = List.copyOf(instances);
    }

    /**
     * {@code 1x<n>}: one main instance of n executions (with the {@code all} executions) plus 4 instances of
     * n / 4 without them, as the peer's generator; {@code <count>x<n>}: count instances of n, every other
     * one with the {@code all} executions (so that misses exist).
     */
    public static Dataset of(String shape) {
        String[] parts = shape.split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shape is <instances>x<executions>, e.g. 1x100000: " + shape);
        }
        int count = Integer.parseInt(parts[0]);
        int size = Integer.parseInt(parts[1]);
        ShapeGenerator generator = new ShapeGenerator(SEED * 1_000_003L + size + count);
        List<GeneratedInstance> out = new ArrayList<>();
        if (count == 1) {
            out.add(generator.instance("300000000000000001", size, true, 310000000000000000L));
            for (int i = 0; i < 4; i++) {
                out.add(generator.instance(Long.toString(300000000000000002L + i), Math.max(10, size / 4), false,
                        320000000000000000L + i * 10_000_000L));
            }
        } else {
            for (int i = 0; i < count; i++) {
                out.add(generator.instance(Long.toString(400000000000000000L + i), size, i % 2 == 0,
                        410000000000000000L + i * 10_000_000L));
            }
        }
        return new Dataset(shape, out);
    }

    /** One instance of n executions (with the {@code all} executions) and nothing else. */
    public static Dataset single(int size) {
        ShapeGenerator generator = new ShapeGenerator(SEED * 1_000_003L + size + 1);
        return new Dataset("single-" + size,
                List.of(generator.instance("300000000000000001", size, true, 310000000000000000L)));
    }

    /** The main instance alone, for measurements "at n executions". */
    public Dataset mainOnly() {
        return new Dataset(shape + "-main", List.of(main()));
    }

    public String shape() {
        return shape;
    }

    public List<GeneratedInstance> instances() {
        return instances;
    }

    public GeneratedInstance main() {
        return instances.get(0);
    }

    public int executionCount() {
        return instances.stream().mapToInt(i -> i.executions().size()).sum();
    }

    public int targetCount() {
        return instances.stream().mapToInt(i -> i.targets().size()).sum();
    }

    /** Every service, method, event type and function any instance may use. */
    public StaticCatalog catalog() {
        Map<String, List<String>> services = new LinkedHashMap<>();
        Set<String> events = new HashSet<>();
        Set<String> functions = new HashSet<>();
        for (GeneratedInstance instance : instances) {
            for (String service : instance.services()) {
                services.computeIfAbsent(service, s -> ShapeGenerator.methodsOf(s).stream()
                        .map(m -> m.substring(m.lastIndexOf('/') + 1)).toList());
            }
            for (String aggregate : instance.aggregates()) {
                events.addAll(ShapeGenerator.eventsOf(aggregate));
            }
            functions.addAll(instance.functions());
        }
        return new StaticCatalog(services, events, functions);
    }

    /**
     * Feeds every event that builds this dataset, in an order the command side would have accepted: per
     * instance its targets, then its executions level by level (included ones first). Each aggregate gets
     * sequence number 0; timestamps increase by one millisecond per event.
     */
    public long forEachEvent(Consumer<DomainEventMessage<?>> sink) {
        long[] clock = {0};
        for (GeneratedInstance instance : instances) {
            for (Map.Entry<TargetId, TargetDefinition> target : instance.targets().entrySet()) {
                sink.accept(targetAdded(instance.id(), target.getKey(), target.getValue(), 0, at(clock[0]++)));
            }
            for (GeneratedExecution execution : instance.executions()) {
                sink.accept(executionSet(instance.id(), execution.condition(), execution.entries(), 0,
                        at(clock[0]++)));
            }
        }
        return clock[0];
    }

    /**
     * Like {@link #forEachEvent} but with a history: before its final list, an execution is set
     * {@code k} times to target-only lists, k drawn so that about {@code total} events are fed in all.
     */
    public long forEachEventWithHistory(long total, Consumer<DomainEventMessage<?>> sink) {
        long base = executionCount() + targetCount();
        double extraPerExecution = Math.max(0, (double) (total - base) / executionCount());
        Random random = new Random(SEED);
        long[] clock = {0};
        for (GeneratedInstance instance : instances) {
            for (Map.Entry<TargetId, TargetDefinition> target : instance.targets().entrySet()) {
                sink.accept(targetAdded(instance.id(), target.getKey(), target.getValue(), 0, at(clock[0]++)));
            }
            List<TargetId> targets = List.copyOf(instance.targets().keySet());
            for (GeneratedExecution execution : instance.executions()) {
                int extra = (int) Math.floor(extraPerExecution + random.nextDouble());
                for (int seq = 0; seq < extra; seq++) {
                    List<Entry> history = List.of(new Entry.Target(targets.get(random.nextInt(targets.size()))));
                    sink.accept(executionSet(instance.id(), execution.condition(), history, seq, at(clock[0]++)));
                }
                sink.accept(executionSet(instance.id(), execution.condition(), execution.entries(), extra,
                        at(clock[0]++)));
            }
        }
        return clock[0];
    }

    /**
     * The store of a long-lived instance: its targets, then {@code rounds} rounds in each of which every
     * execution is set once, in a fresh random order per round (so any run of consecutive events touches keys
     * spread over the whole key space). Rounds before the last set target-only lists of one to three random
     * targets; the last round sets the generated (final) lists. Execution events have sequence numbers 0 to
     * rounds - 1; dates increase by one millisecond per event from {@link #EPOCH}, so the event at index i
     * (0-based, targets included) is dated {@code EPOCH + i ms}. Events: targets + rounds × executions.
     */
    public long forEachEventInRounds(int rounds, Consumer<DomainEventMessage<?>> sink) {
        Random random = new Random(SEED);
        long[] clock = {0};
        for (GeneratedInstance instance : instances) {
            for (Map.Entry<TargetId, TargetDefinition> target : instance.targets().entrySet()) {
                sink.accept(targetAdded(instance.id(), target.getKey(), target.getValue(), 0, at(clock[0]++)));
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (GeneratedInstance instance : instances) {
                List<TargetId> targets = List.copyOf(instance.targets().keySet());
                List<GeneratedExecution> order = new ArrayList<>(instance.executions());
                java.util.Collections.shuffle(order, random);
                for (GeneratedExecution execution : order) {
                    List<Entry> entries;
                    if (round == rounds - 1) {
                        entries = execution.entries();
                    } else {
                        Set<TargetId> picked = new java.util.LinkedHashSet<>();
                        int size = 1 + random.nextInt(3);
                        while (picked.size() < size) {
                            picked.add(targets.get(random.nextInt(targets.size())));
                        }
                        entries = picked.stream().<Entry>map(Entry.Target::new).toList();
                    }
                    sink.accept(executionSet(instance.id(), execution.condition(), entries, round, at(clock[0]++)));
                }
            }
        }
        return clock[0];
    }

    /** The date of the event at {@code index} in {@link #forEachEventInRounds}. */
    public static Instant dateOfEvent(long index) {
        return at(index);
    }

    public static DomainEventMessage<ExecutionSet> executionSet(InstanceId instance, Condition condition,
                                                                List<Entry> entries, long sequence, Instant at) {
        ExecutionId id = condition.id();
        return new GenericDomainEventMessage<>(EXECUTION_TYPE, AggregateIds.execution(instance, id), sequence,
                new ExecutionSet(instance, id, condition, entries, "bench", at), MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at);
    }

    public static DomainEventMessage<TargetAdded> targetAdded(InstanceId instance, TargetId id,
                                                              TargetDefinition definition, long sequence, Instant at) {
        return new GenericDomainEventMessage<>(TARGET_TYPE, AggregateIds.target(instance, id), sequence,
                new TargetAdded(instance, id, definition, "bench", at), MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at);
    }

    private static Instant at(long millis) {
        return EPOCH.plusMillis(millis);
    }
}
