package io.executions.benchmarks;

import io.executions.benchmarks.data.Dataset;
import io.executions.benchmarks.data.GeneratedInstance;
import io.executions.benchmarks.data.ReadModelFeeder;
import io.executions.domain.api.Condition;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.InstanceId;
import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolution latency uniform over all keys (BENCHMARKS.md "Scale goals"), per call, against {@code HashMap.get} over the
 * same keys in the same order in the same run. One instance of n executions (the benchmark data's shape);
 * one query per execution (a method for a method execution, an unlisted method of a service for a service
 * execution, a foreign method for {@code all}, an event type, an event of a group, a function) plus 5 %
 * misses; every answer is checked against a reference computed from the generated conditions before timing.
 * Each call is timed with {@code System.nanoTime()} around it (the timer's cost is in both columns).
 *
 * <pre>java -Xmx6g -cp execution-benchmarks/target/benchmarks.jar io.executions.benchmarks.UniformResolution 1000 10000 100000 1000000</pre>
 *
 * <p>With {@code -DbyKind=true} it then prints both sides per kind of query (method, service, group, all, miss).
 */
public final class UniformResolution {
    private static final int CALLS = 2_000_000;
    private static final int REPEATS = 3;
    private static final int HOT = 1024;

    private UniformResolution() {
    }

    /** {@code kind}: the generated condition's kind the query was made for, or {@code MISS}. */
    private record Key(ResolveQuery query, ExecutionId expected, String kind) {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            run(Integer.parseInt(arg));
        }
    }

    private static void run(int size) {
        Dataset dataset = Dataset.single(size);
        GeneratedInstance main = dataset.main();
        InstanceId instance = main.id();
        ReadModels models = ReadModelFeeder.build(dataset, LockOutGuard.DEFAULT);
        List<Key> keys = keys(main);
        dataset = null;
        int n = keys.size();
        ResolveQuery[] queries = new ResolveQuery[n];
        String[] strings = new String[n];
        Map<String, ExecutionId> baseline = new HashMap<>();
        // A router's map is keyed by its own strings and asked with the request's: equal, not the same object,
        // so a hit compares the characters (as resolution does), where the map above only compares references.
        Map<String, ExecutionId> ownKeys = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Key key = keys.get(i);
            queries[i] = key.query();
            strings[i] = key.query().value();
            baseline.put(strings[i], key.expected());
            ownKeys.put(new String(strings[i].toCharArray()), key.expected());
            Resolution r = models.resolve(instance, key.query());
            if (!Objects.equals(r.matched(), key.expected())) {
                throw new IllegalStateException(key.query() + " answered " + r.matched() + ", expected " + key.expected());
            }
        }
        Random random = new Random(7);
        int[] uniform = new int[CALLS];
        int[] hot = new int[CALLS];
        int[] hotSet = new int[Math.min(HOT, n)];
        for (int i = 0; i < hotSet.length; i++) {
            hotSet[i] = random.nextInt(n);
        }
        for (int i = 0; i < CALLS; i++) {
            uniform[i] = random.nextInt(n);
            hot[i] = hotSet[random.nextInt(hotSet.length)];
        }
        for (String pool : new String[]{"uniform", "hot-1024"}) {
            int[] order = pool.equals("uniform") ? uniform : hot;
            // warm-up of both paths
            time(models, instance, queries, order);
            time(baseline, strings, order);
            time(ownKeys, strings, order);
            for (int rep = 1; rep <= REPEATS; rep++) {
                long[] r = time(models, instance, queries, order);
                long[] h = time(baseline, strings, order);
                long[] o = time(ownKeys, strings, order);
                System.out.printf(Locale.ROOT, "{\"executions\":%d,\"keys\":%d,\"pool\":\"%s\",\"repeat\":%d,"
                                + "\"resolve\":{\"p50\":%d,\"p99\":%d,\"p999\":%d},"
                                + "\"hashMapGet\":{\"p50\":%d,\"p99\":%d,\"p999\":%d},"
                                + "\"ratio\":{\"p50\":%.2f,\"p99\":%.2f,\"p999\":%.2f},"
                                + "\"hashMapGetOwnKeys\":{\"p50\":%d,\"p99\":%d,\"p999\":%d},"
                                + "\"ratioOwnKeys\":{\"p50\":%.2f,\"p99\":%.2f,\"p999\":%.2f}}%n",
                        size, n, pool, rep, p(r, 0.5), p(r, 0.99), p(r, 0.999), p(h, 0.5), p(h, 0.99), p(h, 0.999),
                        (double) p(r, 0.5) / p(h, 0.5), (double) p(r, 0.99) / p(h, 0.99),
                        (double) p(r, 0.999) / p(h, 0.999), p(o, 0.5), p(o, 0.99), p(o, 0.999),
                        (double) p(r, 0.5) / p(o, 0.5), (double) p(r, 0.99) / p(o, 0.99),
                        (double) p(r, 0.999) / p(o, 0.999));
            }
        }
        if (Boolean.getBoolean("byKind")) {
            byKind(size, models, instance, queries, strings, baseline, keys);
        }
    }

    /**
     * Per kind of query (its condition's kind, or a miss): both sides over that kind's keys alone, uniform, the
     * last of three passes; says which of the contract's candidate paths the tail of the mixed run is made of.
     */
    private static void byKind(int size, ReadModels models, InstanceId instance, ResolveQuery[] queries,
                               String[] strings, Map<String, ExecutionId> baseline, List<Key> keys) {
        Map<String, List<Integer>> indexes = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            indexes.computeIfAbsent(keys.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(11);
        for (Map.Entry<String, List<Integer>> e : indexes.entrySet()) {
            List<Integer> of = e.getValue();
            int[] order = new int[CALLS / 4];
            for (int i = 0; i < order.length; i++) {
                order[i] = of.get(random.nextInt(of.size()));
            }
            long[] r = null;
            long[] h = null;
            for (int pass = 0; pass < 3; pass++) {
                r = time(models, instance, queries, order);
                h = time(baseline, strings, order);
            }
            System.out.printf(Locale.ROOT, "{\"executions\":%d,\"kind\":\"%s\",\"keys\":%d,\"share\":%.3f,"
                            + "\"resolve\":{\"p50\":%d,\"p99\":%d},\"hashMapGet\":{\"p50\":%d,\"p99\":%d}}%n",
                    size, e.getKey(), of.size(), (double) of.size() / keys.size(), p(r, 0.5), p(r, 0.99),
                    p(h, 0.5), p(h, 0.99));
        }
    }

    private static long sink;

    private static long[] time(ReadModels models, InstanceId instance, ResolveQuery[] queries, int[] order) {
        long[] t = new long[order.length];
        long check = 0;
        for (int i = 0; i < order.length; i++) {
            ResolveQuery q = queries[order[i]];
            long t0 = System.nanoTime();
            Resolution r = models.resolve(instance, q);
            long t1 = System.nanoTime();
            t[i] = t1 - t0;
            check += r.targets().size();
        }
        sink += check;
        Arrays.sort(t);
        return t;
    }

    private static long[] time(Map<String, ExecutionId> baseline, String[] strings, int[] order) {
        long[] t = new long[order.length];
        long check = 0;
        for (int i = 0; i < order.length; i++) {
            String key = strings[order[i]];
            long t0 = System.nanoTime();
            ExecutionId id = baseline.get(key);
            long t1 = System.nanoTime();
            t[i] = t1 - t0;
            check += id == null ? 0 : 1;
        }
        sink += check;
        Arrays.sort(t);
        return t;
    }

    private static long p(long[] sorted, double q) {
        return Math.max(1, sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    }

    /** One query per execution plus 5 % misses, with the answer a reference precedence gives. */
    private static List<Key> keys(GeneratedInstance main) {
        Set<String> ids = new HashSet<>();
        List<Condition> conditions = new ArrayList<>();
        for (GeneratedInstance.GeneratedExecution e : main.executions()) {
            ids.add(e.condition().id().value());
            conditions.add(e.condition());
        }
        List<Key> keys = new ArrayList<>();
        int misses = 0;
        for (Condition c : conditions) {
            ExecutionType type = c.type();
            String value = switch (c.kind()) {
                case REQUEST_METHOD, RESPONSE_METHOD, EVENT, FUNCTION -> c.value();
                case REQUEST_SERVICE, RESPONSE_SERVICE -> "/" + c.value() + "/UnlistedMethod";
                case REQUEST_ALL, RESPONSE_ALL -> "/zz.unknown.v1.Service/Call";
                case EVENT_GROUP -> c.value() + ".unlisted";
                case EVENT_ALL -> "zz.unknown.event";
            };
            ResolveQuery query = new ResolveQuery(type, value);
            keys.add(new Key(query, expected(query, ids), c.kind().name()));
            if (keys.size() % 19 == 0) {
                ResolveQuery miss = ResolveQuery.function("unlisted-function-" + misses++);
                keys.add(new Key(miss, expected(miss, ids), "MISS"));
            }
        }
        return keys;
    }

    /** docs/contract.md "Resolution"'s candidates, most specific first; every generated execution has a non-empty list. */
    private static ExecutionId expected(ResolveQuery q, Set<String> ids) {
        List<String> candidates = new ArrayList<>();
        String type = q.type().json();
        String v = q.value();
        switch (q.type()) {
            case REQUEST, RESPONSE -> {
                if (LockOutGuard.DEFAULT.guards(v)) {
                    return null;
                }
                candidates.add(type + v);
                candidates.add(type + v.substring(0, v.indexOf('/', 1)));
                candidates.add(type);
            }
            case EVENT -> {
                candidates.add(type + "/" + v);
                for (int dot = v.lastIndexOf('.'); dot > 0; dot = v.lastIndexOf('.', dot - 1)) {
                    candidates.add(type + "/" + v.substring(0, dot) + ".*");
                }
                candidates.add(type);
            }
            case FUNCTION -> candidates.add(type + "/" + v);
        }
        for (String c : candidates) {
            if (ids.contains(c)) {
                return ExecutionId.parse(c);
            }
        }
        return null;
    }
}
