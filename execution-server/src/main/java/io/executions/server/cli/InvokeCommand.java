package io.executions.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.service.ActionService;
import io.executions.api.service.ServiceError;
import io.executions.dispatch.ChainResult;
import io.executions.dispatch.InvokeJson;
import io.executions.dispatch.TargetClient;
import io.executions.dispatch.TargetOutcome;
import io.executions.domain.api.InstanceId;
import io.executions.projections.ResolveQuery;
import io.executions.runtime.Executions;
import io.executions.server.ServerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * docs/dispatch.md's test invocation from the command line: runs the chain that resolution picks for a call, for
 * real, through the same {@link ActionService#invoke} as {@code POST /v2beta/actions/executions/_invoke}, and prints
 * each call's outcome. It opens the store itself (as the audit commands do); {@code restAsync} calls are stored as
 * durable deliveries for a running server's worker, as the server's own dispatcher does.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Runs an execution's targets for real with a payload and prints each call's outcome "
                + "(the \"test my action\" button).",
                "Exit code: 0 the chain ran to its end, 1 it was interrupted (a failing target with interruptOnError), "
                        + "2 the invocation was refused (bad input, store unavailable)."})
final class InvokeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AuditStoreOptions store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ResolveCommand.What what;

    @Option(names = "--payload", paramLabel = "JSON", defaultValue = "{}",
            description = "the message the chain starts with, a JSON object (default {}); for --response the response")
    String payload;

    @Option(names = "--json", description = "print the answer as the JSON of POST /v2beta/actions/executions/_invoke")
    boolean json;

    @Override
    public Integer call() {
        ServerConfig cfg = Engines.configOrReport(store.config);
        if (cfg == null) {
            return 2;
        }
        JsonNode message;
        try {
            message = JSON.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("error: --payload is not JSON: " + e.getOriginalMessage());
            return 2;
        }
        if (message == null || !message.isObject()) {
            System.err.println("error: --payload must be a JSON object, such as {\"name\": \"ada\"}");
            return 2;
        }
        ResolveQuery query = what.query();
        String in = AuditQuery.instance(store.instance, cfg);
        ChainResult result;
        TargetClient targets;
        try {
            targets = TargetClient.builder().denyList(cfg.denyList()).build();
        } catch (ServerConfig.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        // deliveries are stored for a server's worker; this process runs none
        try (targets; Executions engine = Engines.awaitCaughtUp(
                cfg.engineBuilder().delivery(cfg.deliveryConfig(null)).build())) {
            Caller admin = new Caller(InstanceId.of(in), "cli", Set.of(Permissions.EXECUTION_WRITE));
            ActionService service = new ActionService(engine, header -> Optional.of(admin),
                    InstanceFeatures.allEnabled()).withDispatcher(cfg.dispatcher(engine, targets));
            result = service.invoke(admin, query, message);
        } catch (ServiceError e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("error: " + Engines.explain(e, cfg));
            return 2;
        }
        if (json) {
            System.out.println(AuditQuery.pretty(InvokeJson.render(result, JSON)));
        } else if (result.executionId() == null) {
            System.out.println("no execution matches (instance '" + in + "'): nothing ran");
        } else {
            System.out.println("execution " + result.executionId().value() + " (instance '" + in + "'): "
                    + result.calls().size() + " call(s)" + (result.interrupted() ? ", INTERRUPTED" : ""));
            List<List<String>> rows = new ArrayList<>();
            int n = 1;
            for (TargetOutcome call : result.calls()) {
                rows.add(List.of(Integer.toString(n++), call.targetId().value(), call.name(), call.type().json(),
                        call.call().outcome().name(), Integer.toString(call.call().httpStatus()),
                        Long.toString(call.call().durationMs()), call.call().error() == null ? "" : call.call().error()));
            }
            System.out.print(AuditQuery.table(List.of("#", "ID", "NAME", "TYPE", "OUTCOME", "STATUS", "MS", "ERROR"),
                    rows));
            System.out.println("payload after the call targets: " + result.message());
        }
        return result.interrupted() ? 1 : 0;
    }
}
