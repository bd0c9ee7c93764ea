package io.executions.server.cli;

import io.executions.api.json.AnswerJson;
import io.executions.api.json.ConditionJson;
import io.executions.api.json.Json;
import io.executions.api.json.JsonObject;
import io.executions.api.json.ShapeException;
import io.executions.api.json.Timestamps;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.Condition;
import io.executions.projections.HistoryEntry;
import io.executions.server.ServerConfig;
import io.executions.domain.api.ExecutionId;
import io.executions.runtime.Executions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Every change of one execution, oldest first (docs/contract.md ("Audit")). */
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

    @Option(names = "--json", description = "print the answer as the JSON of POST /v2beta/actions/executions/_history")
    boolean json;

    @Override
    public Integer call() {
        ServerConfig cfg = Engines.configOrReport(store.config);
        if (cfg == null) {
            return 2;
        }
        String in = AuditQuery.instance(store.instance, cfg);
        List<HistoryEntry> changes;
        try (Executions engine = Engines.open(cfg)) {
            Condition condition;
            if (which.execution != null) {
                try {
                    condition = ExecutionId.parse(which.execution).toCondition();
                } catch (IllegalArgumentException e) {
                    System.err.println("error: " + e.getMessage() + "; an execution id looks like request/a.b.S/M, "
                            + "request/a.b.S, request, event/user.human.added, event/user.human.*, "
                            + "function/preuserinfo");
                    return 2;
                }
            } else {
                // the option takes the condition as the API's JSON; parsed as the body of _history would be
                JsonObject body = new Json().parseObject(("{\"condition\":" + which.condition + "}")
                        .getBytes(StandardCharsets.UTF_8));
                condition = ConditionJson.parse(body.requireObject("condition"));
            }
            AuditQuery.Session session = AuditQuery.reader(engine, in);
            changes = session.service().history(session.caller(), condition);
        } catch (ServiceError | ShapeException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("error: " + Engines.explain(e, cfg));
            return 2;
        }
        if (json) {
            System.out.println(AuditQuery.pretty(AnswerJson.history(changes)));
            return 0;
        }
        if (changes.isEmpty()) {
            System.out.println("no changes: this execution was never set in instance '" + in + "'");
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (HistoryEntry change : changes) {
            rows.add(List.of(Timestamps.format(change.date()), change.actor() == null ? "" : change.actor(),
                    change.kind().name(), AuditQuery.entries(change.previousTargets()),
                    AuditQuery.entries(change.targets())));
        }
        System.out.print(AuditQuery.table(List.of("DATE", "ACTOR", "KIND", "BEFORE", "AFTER"), rows));
        return 0;
    }
}
