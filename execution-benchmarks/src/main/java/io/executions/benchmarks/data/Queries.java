package io.executions.benchmarks.data;

import io.executions.domain.api.Condition;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ResolveQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Resolution queries of one category, with the execution each must match (null for a miss). */
public final class Queries {
    /** What a query hits. */
    public enum Category {
        /** A request whose method has its own execution. */
        METHOD,
        /** A request whose service (only) has an execution. */
        SERVICE,
        /** A request that only the instance's {@code request} (all) execution matches. */
        ALL,
        /** A request in an instance without {@code all} executions, where nothing matches. */
        MISS,
        /** An event type whose group {@code event/<aggregate>.*} (only) has an execution. */
        EVENT_GROUP,
        /** A function with an execution. */
        FUNCTION
    }

    /**
     * @param baselineKey the key of {@code expected} (or, for a miss, of the method) in the
     *                    {@link #baselineMap} of the dataset
     */
    public record Query(InstanceId instance, ResolveQuery query, ExecutionId expected, String baselineKey) {
    }

    private Queries() {
    }

    /** {@code size} queries of the category, drawn with a fixed seed; calls of guarded services are left out. */
    public static List<Query> of(Dataset dataset, Category category, int size, LockOutGuard guard) {
        Random random = new Random(Dataset.SEED + category.ordinal());
        boolean single = dataset.shape().startsWith("1x");
        List<GeneratedInstance> eligible = dataset.instances().stream()
                .filter(i -> switch (category) {
                    // the single-instance shapes ask the main instance, and miss in the others, as the peer's sample
                    case MISS -> !i.withAll();
                    case ALL -> i.withAll();
                    default -> !single || i == dataset.main();
                })
                .toList();
        Map<GeneratedInstance, List<String>> sortedMethods = new IdentityHashMap<>();
        List<Query> out = new ArrayList<>(size);
        int attempts = 0;
        while (out.size() < size) {
            if (++attempts > size * 1000) {
                throw new IllegalStateException("cannot draw " + size + " " + category + " queries from " + dataset.shape());
            }
            GeneratedInstance instance = eligible.get(random.nextInt(eligible.size()));
            Query query = draw(instance, category, random, guard,
                    sortedMethods.computeIfAbsent(instance, i -> i.requestMethods().stream().sorted().toList()));
            if (query != null) {
                out.add(query);
            }
        }
        return out;
    }

    private static Query draw(GeneratedInstance instance, Category category, Random random, LockOutGuard guard,
                              List<String> setMethods) {
        InstanceId id = instance.id();
        switch (category) {
            case METHOD -> {
                String method = randomMethod(instance, setMethods, random);
                if (!instance.requestMethods().contains(method) || guard.guards(method)) {
                    return null;
                }
                return query(id, ResolveQuery.request(method), Condition.requestMethod(method).id());
            }
            case SERVICE, ALL, MISS -> {
                String method = randomMethod(instance, setMethods, random);
                String service = method.substring(1, method.indexOf('/', 1));
                if (instance.requestMethods().contains(method) || guard.guards(method)) {
                    return null;
                }
                boolean serviceSet = instance.requestServices().contains(service);
                if (category == Category.SERVICE) {
                    return serviceSet ? query(id, ResolveQuery.request(method), Condition.requestService(service).id())
                            : null;
                }
                if (serviceSet) {
                    return null;
                }
                if (category == Category.ALL) {
                    return query(id, ResolveQuery.request(method), Condition.requestAll().id());
                }
                return new Query(id, ResolveQuery.request(method), null,
                        key(id, Condition.requestMethod(method).id()));
            }
            case EVENT_GROUP -> {
                if (instance.eventGroups().isEmpty()) {
                    return null;
                }
                List<String> groups = List.copyOf(instance.eventGroups());
                String group = groups.get(random.nextInt(groups.size()));
                List<String> events = ShapeGenerator.eventsOf(group);
                String event = events.get(random.nextInt(events.size()));
                if (instance.events().contains(event)) {
                    return null;
                }
                return query(id, ResolveQuery.event(event), Condition.eventGroup(group).id());
            }
            case FUNCTION -> {
                List<String> functions = instance.functions();
                String function = functions.get(random.nextInt(functions.size()));
                return query(id, ResolveQuery.function(function), Condition.function(function).id());
            }
            default -> throw new IllegalArgumentException(category.toString());
        }
    }

    private static String randomMethod(GeneratedInstance instance, List<String> setMethods, Random random) {
        if (random.nextBoolean() && !setMethods.isEmpty()) {
            // half the draws from the set methods, or METHOD queries would be rare at large sizes
            return setMethods.get(random.nextInt(setMethods.size()));
        }
        List<String> services = instance.services();
        List<String> methods = ShapeGenerator.methodsOf(services.get(random.nextInt(services.size())));
        return methods.get(random.nextInt(methods.size()));
    }

    private static Query query(InstanceId instance, ResolveQuery query, ExecutionId expected) {
        return new Query(instance, query, expected, key(instance, expected));
    }

    /** The baseline's key of an execution. */
    public static String key(InstanceId instance, ExecutionId id) {
        return instance.value() + '\u0000' + id.value();
    }

    /** The baseline: every execution of the dataset by {@link #key}, as a plain HashMap. */
    public static Map<String, ExecutionId> baselineMap(Dataset dataset) {
        Map<String, ExecutionId> map = new HashMap<>();
        for (GeneratedInstance instance : dataset.instances()) {
            for (GeneratedInstance.GeneratedExecution execution : instance.executions()) {
                ExecutionId id = execution.condition().id();
                map.put(key(instance.id(), id), id);
            }
        }
        return map;
    }
}
