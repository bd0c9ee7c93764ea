package io.executions.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns one run's result files (JMH JSON per suite, {@code memory.json}) into the Markdown tables of
 * BENCHMARKS.md, with the same-run baselines, the ratios and each goal. Optionally reads the ZITADEL
 * peer's {@code results/run-*} folder for the ratio against its per-call SQL.
 * Usage: {@code Report <run folder> [<peer run folder>]}.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SHAPES = {"1x1000", "1x10000", "1x100000", "1000x100"};
    private static final String[] CATEGORIES = {"METHOD", "SERVICE", "ALL", "MISS", "EVENT_GROUP", "FUNCTION"};
    private final List<JsonNode> results = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    public static void main(String[] args) throws IOException {
        Report report = new Report();
        Path run = Path.of(args[0]);
        try (var files = Files.list(run)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("memory.json")).toList()) {
                if (Files.size(file) > 0) {
                    JSON.readTree(file.toFile()).forEach(report.results::add);
                }
            }
        }
        report.resolution();
        if (args.length > 1) {
            report.peer(Path.of(args[1]));
        }
        report.writes();
        report.checks();
        report.replay();
        report.memory(run.resolve("memory.json"));
        System.out.print(report.out);
    }

    private Optional<JsonNode> find(String benchmark, String mode, Predicate<JsonNode> params) {
        return results.stream()
                .filter(r -> r.path("benchmark").asText().endsWith(benchmark) && r.path("mode").asText().equals(mode)
                        && params.test(r.path("params")))
                .findFirst();
    }

    private static Predicate<JsonNode> params(String... pairs) {
        return p -> {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!p.path(pairs[i]).asText().equals(pairs[i + 1])) {
                    return false;
                }
            }
            return true;
        };
    }

    private static double score(JsonNode r) {
        return r.path("primaryMetric").path("score").asDouble();
    }

    private static double percentile(JsonNode r, String p) {
        return r.path("primaryMetric").path("scorePercentiles").path(p).asDouble();
    }

    private double avg(String bench, String... pairs) {
        return find(bench, "avgt", params(pairs)).map(Report::score).orElse(Double.NaN);
    }

    private double pct(String bench, String p, String... pairs) {
        return find(bench, "sample", params(pairs)).map(r -> percentile(r, p)).orElse(Double.NaN);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String f(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String x(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v >= 100 ? "%,.0f×" : "%.2f×", v);
    }

    private static String goal(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private void resolution() {
        line("### Resolution latency (ns)");
        line("");
        line("`resolve` = `queries.resolve(instance, query)` on the live read model, cycling 1024 queries of the "
                + "category; `HashMap.get` = the same-run baseline on the same keys in the same order. avg = "
                + "`Mode.AverageTime`; p50/p99 = `Mode.SampleTime`. After write = first call after a write to "
                + "the same instance (memo replaced; includes the timer's cost).");
        line("");
        line("| shape | category | resolve avg | p50 | p99 | HashMap.get avg | p99 | ratio avg | after write p50 | p99 |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String shape : SHAPES) {
            for (String c : CATEGORIES) {
                String[] p = {"shape", shape, "category", c};
                double r = avg(".ResolutionBenchmark.resolve", p);
                double b = avg(".ResolutionBenchmark.hashMapGet", p);
                line("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", shape, c, f(r),
                        f(pct(".ResolutionBenchmark.resolve", "50.0", p)), f(pct(".ResolutionBenchmark.resolve", "99.0", p)),
                        f(b), f(pct(".ResolutionBenchmark.hashMapGet", "99.0", p)), x(r / b),
                        f(pct(".resolveAfterWrite", "50.0", p)), f(pct(".resolveAfterWrite", "99.0", p)));
            }
        }
        line("");
        double worstP99 = 0;
        double worstGrowth = 0;
        double worstColdGrowth = 0;
        for (String c : CATEGORIES) {
            worstP99 = Math.max(worstP99, pct(".ResolutionBenchmark.resolve", "99.0", "shape", "1x100000", "category", c));
            worstGrowth = Math.max(worstGrowth, avg(".ResolutionBenchmark.resolve", "shape", "1x100000", "category", c)
                    / avg(".ResolutionBenchmark.resolve", "shape", "1x1000", "category", c));
            worstColdGrowth = Math.max(worstColdGrowth,
                    pct(".resolveAfterWrite", "50.0", "shape", "1x100000", "category", c)
                            / pct(".resolveAfterWrite", "50.0", "shape", "1x1000", "category", c));
        }
        line("- Goal p99 ≤ 1 µs at 100k executions: worst category p99 = %s ns → %s", f(worstP99),
                goal(worstP99 <= 1000));
        line("- Goal 100k/1k ≤ 1.5×: worst category (avg) = %s → %s; first call after a write (p50): worst %s",
                x(worstGrowth), goal(worstGrowth <= 1.5), x(worstColdGrowth));
        line("");
    }

    private void peer(Path peerRun) throws IOException {
        line("### Against ZITADEL's per-call SQL (same machine, same session)");
        line("");
        line("Peer = `targets_by_execution_id` (one candidate list, like one `resolve`), single JDBC connection, "
                + "per sample category, µs; ours = `resolve` of the same category at the same N (ns). "
                + "Ratio = peer / ours.");
        line("");
        line("| N | category | peer p50 µs | peer p99 µs | ours avg ns | ours p99 ns | ratio p50/avg | ratio p99/p99 |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|");
        double worst = Double.MAX_VALUE;
        for (String n : new String[] {"1000", "10000", "100000"}) {
            Path client = peerRun.resolve("n" + n + "_en_us_utf_8").resolve("client.json");
            if (!Files.exists(client)) {
                continue;
            }
            JsonNode cats = JSON.readTree(client.toFile()).path("queries").path("targets_by_execution_id")
                    .path("by_category");
            for (String[] pair : new String[][] {{"method", "METHOD"}, {"service", "SERVICE"}, {"all", "ALL"},
                    {"none", "MISS"}}) {
                JsonNode c = cats.path(pair[0]);
                String[] p = {"shape", "1x" + n, "category", pair[1]};
                double ours = avg(".ResolutionBenchmark.resolve", p);
                double ours99 = pct(".ResolutionBenchmark.resolve", "99.0", p);
                double ratio = c.path("p50_us").asDouble() * 1000 / ours;
                double ratio99 = c.path("p99_us").asDouble() * 1000 / ours99;
                worst = Math.min(worst, Math.min(ratio, ratio99));
                line("| %s | %s | %s | %s | %s | %s | %s | %s |", n, pair[1], f(c.path("p50_us").asDouble()),
                        f(c.path("p99_us").asDouble()), f(ours), f(ours99), x(ratio), x(ratio99));
            }
        }
        line("");
        line("- Goal ≥ 1000× faster than ZITADEL's query: smallest ratio = %s → %s", x(worst), goal(worst >= 1000));
        line("");
    }

    private void writes() {
        line("### Write throughput (ops/s, one thread)");
        line("");
        line("| store | SetExecution via Executions | raw append, same events, same kind of Axon store | ratio | goal ≥ 50 %% |");
        line("|---|---:|---:|---:|---|");
        for (String store : new String[] {"memory", "h2", "postgresql"}) {
            Optional<JsonNode> engine = find(".setExecution", "thrpt", params("store", store));
            Optional<JsonNode> raw = find(".rawAppend", "thrpt", params("store", store));
            if (engine.isEmpty() && raw.isEmpty()) {
                line("| %s | not run | not run | – | – |", store);
                continue;
            }
            double e = engine.map(Report::score).orElse(Double.NaN);
            double r = raw.map(Report::score).orElse(Double.NaN);
            line("| %s | %s | %s | %s | %s |", store, f(e), f(r), String.format(Locale.ROOT, "%.0f %%", 100 * e / r),
                    goal(e / r >= 0.5));
        }
        line("");
    }

    private void checks() {
        line("### Check cost vs size (SetExecution with includes, µs per call)");
        line("");
        line("| store | 1k executions | 100k executions | 100k / 1k | goal ≤ 1.5× |");
        line("|---|---:|---:|---:|---|");
        for (String store : new String[] {"memory", "h2"}) {
            double small = find(".setExecutionWithIncludes", "avgt", params("size", "1000", "store", store))
                    .map(Report::score).orElse(Double.NaN);
            double large = find(".setExecutionWithIncludes", "avgt", params("size", "100000", "store", store))
                    .map(Report::score).orElse(Double.NaN);
            line("| %s | %s | %s | %s | %s |", store, f(small), f(large), x(large / small), goal(large / small <= 1.5));
        }
        line("");
    }

    private void replay() {
        String memoryGoal = null;
        line("### Replay (events/s)");
        line("");
        line("| store | events | rebuild all read models | read + deserialize (baseline) | ratio | verifyReplay (rebuild + compare) |");
        line("|---|---:|---:|---:|---:|---:|");
        for (String store : new String[] {"memory", "h2"}) {
            Optional<JsonNode> rebuild = find(".rebuildReadModels", "ss", params("store", store));
            if (rebuild.isEmpty()) {
                continue;
            }
            double events = rebuild.get().path("params").path("events").asDouble();
            double ms = score(rebuild.get());
            double raw = find(".readAndDeserialize", "ss", params("store", store)).map(Report::score).orElse(Double.NaN);
            double verify = find(".verifyAgainstReplay", "ss", params("store", store)).map(Report::score)
                    .orElse(Double.NaN);
            line("| %s | %,.0f | %s | %s | %s | %s |", store, events, f(events / ms * 1000), f(events / raw * 1000),
                    x(raw / ms), f(events / verify * 1000));
            if (store.equals("memory")) {
                memoryGoal = String.format(Locale.ROOT, "- Goal ≥ 250k events/s from memory: %s → %s",
                        f(events / ms * 1000), goal(events / ms * 1000 >= 250_000));
            }
        }
        line("");
        if (memoryGoal != null) {
            line("%s", memoryGoal);
            line("");
        }
    }

    private void memory(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode m = JSON.readTree(file.toFile());
        double perExecution = m.path("bytesPerExecution").asDouble();
        line("### Memory");
        line("");
        line("- Retained heap of the read models at %,d executions and %,d targets: %,d bytes = %s bytes per "
                        + "execution (%s). Goal ≤ 2 KiB → %s", m.path("executions").asLong(), m.path("targets").asLong(),
                m.path("retainedBytes").asLong(), f(perExecution), m.path("method").asText(),
                goal(perExecution <= 2048));
        line("");
    }
}
