package io.executions.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.api.json.ConditionJson;
import io.executions.api.server.ServerConfig;
import io.executions.domain.api.ExecutionId;
import io.executions.runtime.Executions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Every change of one execution, oldest first (SPEC section 8). */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Shows every change of one execution, oldest first: when, who, the list before and after.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    AuditStoreOptions store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--execution", paramLabel = "ID",
                description = "the execution id, e.g. request/zitadel.session.v2.SessionService/ListSessions, "
                        + "event/user.human.*, function/preuserinfo")
        String execution;

        @Option(names = "--condition", paramLabel = "JSON",
                description = "the condition as in the API, e.g. '{\"request\":{\"service\":\"a.b.S\"}}'")
        String condition;
    }

    @Option(names = "--json", description = "print the JSON answer of POST /v2beta/actions/executions/_history")
    boolean json;

    @Override
    public Integer call() {
        ServerConfig cfg = Engines.configOrReport(store.config);
        if (cfg == null) {
            return 2;
        }
        String conditionJson;
        if (which.execution != null) {
            ExecutionId id;
            try {
                id = ExecutionId.parse(which.execution);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage() + "; an execution id looks like request/a.b.S/M, "
                        + "request/a.b.S, request, event/user.human.added, event/user.human.*, function/preuserinfo");
                return 2;
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("condition", ConditionJson.write(id.toCondition()));
            conditionJson = body.toString();
        } else {
            conditionJson = "{\"condition\":" + which.condition + "}";
        }
        String in = AuditQuery.instance(store.instance, cfg);
        try (Executions engine = Engines.open(cfg)) {
            AuditQuery.Answer answer = AuditQuery.post(engine, in, "/v2beta/actions/executions/_history", conditionJson);
            if (answer.status() != 200) {
                System.err.println("error: " + answer.json().path("message").asText());
                return 2;
            }
            if (json) {
                System.out.println(AuditQuery.pretty(answer.json()));
                return 0;
            }
            JsonNode changes = answer.json().get("changes");
            if (changes.isEmpty()) {
                System.out.println("no changes: this execution was never set in instance '" + in + "'");
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode change : changes) {
                rows.add(List.of(change.get("date").asText(), change.get("actor").asText(),
                        change.get("kind").asText(), AuditQuery.entries(change.get("previousTargets")),
                        AuditQuery.entries(change.get("targets"))));
            }
            System.out.print(AuditQuery.table(List.of("DATE", "ACTOR", "KIND", "BEFORE", "AFTER"), rows));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("error: " + Engines.explain(e, cfg));
            return 2;
        }
    }
}
