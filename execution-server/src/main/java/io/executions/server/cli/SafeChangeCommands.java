package io.executions.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.json.ConditionJson;
import io.executions.api.json.EntryJson;
import io.executions.api.json.Json;
import io.executions.api.json.JsonObject;
import io.executions.api.json.SafeChangeJson;
import io.executions.api.json.ShapeException;
import io.executions.api.json.Timestamps;
import io.executions.server.ServerConfig;
import io.executions.api.service.ActionService;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.runtime.Executions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * docs/safe-change.md on the command line: {@code plan}, {@code diff}, {@code revert}, {@code lint}, through the same
 * {@link ActionService} as the server (in process, on the configured store); {@code --json} prints the REST answer.
 */
final class SafeChangeCommands {
    private SafeChangeCommands() {
    }

    /** Runs {@code body} against the configured store as {@code user} with {@code permissions}. */
    static int run(AuditStoreOptions store, String user, Set<String> permissions,
                   Function<Session, ObjectNode> body, boolean json, Function<ObjectNode, String> text) {
        ServerConfig cfg = Engines.configOrReport(store.config);
        if (cfg == null) {
            return 2;
        }
        String in = AuditQuery.instance(store.instance, cfg);
        ObjectNode answer;
        try (Executions engine = Engines.open(cfg)) {
            Caller caller = new Caller(InstanceId.of(in), user, permissions);
            ActionService service = new ActionService(engine, header -> Optional.of(caller),
                    InstanceFeatures.allEnabled());
            answer = body.apply(new Session(service, caller));
        } catch (ServiceError | ShapeException | Rejection e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            ServiceError error = ServiceError.from(e, "cli");
            System.err.println("error: " + (error.errorId().equals("API-INTERNAL") ? Engines.explain(e, cfg)
                    : error.getMessage()));
            return 2;
        }
        System.out.print(json ? AuditQuery.pretty(answer) + "\n" : text.apply(answer));
        return 0;
    }

    record Session(ActionService service, Caller caller) {
    }

    static Condition condition(String json) {
        JsonObject body = new Json().parseObject(("{\"c\":" + json + "}").getBytes(StandardCharsets.UTF_8));
        return ConditionJson.parse(body.requireObject("c"));
    }

    static List<Entry> entries(String json) {
        JsonObject body = new Json().parseObject(("{\"targets\":" + json + "}").getBytes(StandardCharsets.UTF_8));
        return body.array("targets").map(elements -> EntryJson.parse(elements, "targets")).orElse(List.of());
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Shows what a SetExecution would do, writing nothing: every violated rule, the change, "
                    + "every execution whose resolved targets would change, and the version to apply it with "
                    + "(PUT with If-Match).")
    static final class Plan implements Callable<Integer> {
        @Mixin
        AuditStoreOptions store;

        @Option(names = "--condition", required = true, paramLabel = "JSON",
                description = "the condition, e.g. '{\"request\":{\"method\":\"/a.b.S/M\"}}'")
        String condition;

        @Option(names = "--targets", paramLabel = "JSON", defaultValue = "[]",
                description = "the list, e.g. '[{\"target\":\"T1\"},{\"include\":{\"request\":{\"service\":\"a.b.S\"}}}]'")
        String targets;

        @Option(names = "--json", description = "print the JSON of POST /v2beta/actions/executions/_plan")
        boolean json;

        @Override
        public Integer call() {
            return run(store, "cli", Set.of(Permissions.EXECUTION_READ, Permissions.EXECUTION_WRITE), s ->
                    SafeChangeJson.plan(s.service().safeChange().plan(s.caller(), condition(condition),
                            entries(targets))), json, answer -> {
                StringBuilder b = new StringBuilder();
                b.append(answer.get("valid").asBoolean() ? "valid" : "INVALID").append(", change ")
                        .append(answer.get("change").asText()).append(", version ")
                        .append(answer.get("version").asText()).append('\n');
                answer.get("violations").forEach(v -> b.append("  violation ").append(v.get("key").asText())
                        .append(": ").append(v.get("message").asText()).append('\n'));
                List<List<String>> rows = new ArrayList<>();
                answer.get("affected").forEach(a -> rows.add(List.of(a.get("executionId").asText(),
                        a.get("before").toString(), a.get("after").toString())));
                if (!rows.isEmpty()) {
                    b.append(AuditQuery.table(List.of("AFFECTED", "RESOLVED BEFORE", "RESOLVED AFTER"), rows));
                }
                return b.toString();
            });
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Shows every execution whose list or resolved targets differ between two instants.")
    static final class Diff implements Callable<Integer> {
        @Mixin
        AuditStoreOptions store;

        @Option(names = "--from", required = true, paramLabel = "RFC3339") String from;

        @Option(names = "--to", paramLabel = "RFC3339", description = "default: now") String to;

        @Option(names = "--json", description = "print the JSON of POST /v2beta/actions/executions/_diff")
        boolean json;

        @Override
        public Integer call() {
            return run(store, "cli", Set.of(Permissions.EXECUTION_READ), s -> {
                Instant f = Timestamps.parse(from, "from");
                Instant t = to == null ? null : Timestamps.parse(to, "to");
                return SafeChangeJson.diff(s.service().safeChange().diff(s.caller(), f, t));
            }, json, answer -> {
                List<List<String>> rows = new ArrayList<>();
                answer.get("changes").forEach(c -> rows.add(List.of(c.get("executionId").asText(),
                        c.get("before").toString(), c.get("after").toString(), c.get("resolvedBefore").toString(),
                        c.get("resolvedAfter").toString())));
                return rows.isEmpty() ? "no differences\n" : AuditQuery.table(List.of("EXECUTION", "BEFORE", "AFTER",
                        "RESOLVED BEFORE", "RESOLVED AFTER"), rows);
            });
        }
    }

    @Command(name = "revert", mixinStandardHelpOptions = true,
            description = "Sets the executions back to their lists at an instant, all or nothing, as --actor.")
    static final class Revert implements Callable<Integer> {
        @Mixin
        AuditStoreOptions store;

        @Option(names = "--to", required = true, paramLabel = "RFC3339") String to;

        @Option(names = "--condition", paramLabel = "JSON",
                description = "only this execution (repeatable); default: every execution changed since")
        List<String> conditions;

        @Option(names = "--actor", defaultValue = "cli", description = "the user recorded in the history")
        String actor;

        @Option(names = "--json", description = "print the JSON of POST /v2beta/actions/executions/_revert")
        boolean json;

        @Override
        public Integer call() {
            return run(store, actor, Set.of(Permissions.EXECUTION_READ, Permissions.EXECUTION_WRITE), s -> {
                List<Condition> scope = conditions == null ? null
                        : conditions.stream().map(SafeChangeCommands::condition).toList();
                SetExecutionListsResult result = s.service().safeChange().revert(s.caller(),
                        Timestamps.parse(to, "to"), scope);
                return SafeChangeJson.revert(result);
            }, json, answer -> answer.get("changes").asText() + " execution(s) written, last at "
                    + answer.get("setDate").asText() + "\n");
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Lists dangling targets, empty executions, targets reached twice, conditions no longer in "
                    + "the catalog, executions on guarded services and slow chains.")
    static final class Lint implements Callable<Integer> {
        @Mixin
        AuditStoreOptions store;

        @Option(names = "--json", description = "print the JSON of POST /v2beta/actions/executions/_lint")
        boolean json;

        @Override
        public Integer call() {
            return run(store, "cli", Set.of(Permissions.EXECUTION_READ), s ->
                    SafeChangeJson.lint(s.service().safeChange().lint(s.caller())), json, answer -> {
                List<List<String>> rows = new ArrayList<>();
                answer.get("findings").forEach(f -> rows.add(List.of(f.get("executionId").asText(),
                        f.get("kind").asText(), f.get("message").asText())));
                return rows.isEmpty() ? "no findings\n"
                        : AuditQuery.table(List.of("EXECUTION", "KIND", "MESSAGE"), rows);
            });
        }
    }
}
