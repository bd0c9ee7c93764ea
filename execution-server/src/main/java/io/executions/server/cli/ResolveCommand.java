package io.executions.server.cli;

import io.executions.api.json.AnswerJson;
import io.executions.api.json.Durations;
import io.executions.api.json.ShapeException;
import io.executions.api.json.Timestamps;
import io.executions.api.service.ServiceError;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.TargetDefinition;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.ResolvedTarget;
import io.executions.server.ServerConfig;
import io.executions.runtime.Executions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Which targets run for a call, an event or a function, now or at a past instant (docs/contract.md). */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Shows which targets run, in order, and why (the include path), now or --at a past instant.")
final class ResolveCommand implements Callable<Integer> {
    @Mixin
    AuditStoreOptions store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--request", paramLabel = "METHOD", description = "a request of /a.b.S/M")
        String request;

        @Option(names = "--response", paramLabel = "METHOD", description = "a response of /a.b.S/M")
        String response;

        @Option(names = "--event", paramLabel = "TYPE", description = "an event type, e.g. user.human.added")
        String event;

        @Option(names = "--function", paramLabel = "NAME", description = "a function, e.g. preuserinfo")
        String function;

        /** The query of the one option given (resolve, invoke). */
        ResolveQuery query() {
            if (request != null) {
                return ResolveQuery.request(request);
            } else if (response != null) {
                return ResolveQuery.response(response);
            } else if (event != null) {
                return ResolveQuery.event(event);
            }
            return ResolveQuery.function(function);
        }
    }

    @Option(names = "--at", paramLabel = "INSTANT", description = "as of this RFC 3339 instant, "
            + "e.g. 2024-12-18T07:50:47.492Z")
    String at;

    @Option(names = "--json", description = "print the answer as the JSON of POST /v2beta/actions/executions/_resolve")
    boolean json;

    @Override
    public Integer call() {
        ServerConfig cfg = Engines.configOrReport(store.config);
        if (cfg == null) {
            return 2;
        }
        ResolveQuery query = what.query();
        String in = AuditQuery.instance(store.instance, cfg);
        Resolution resolution;
        try (Executions engine = Engines.open(cfg)) {
            AuditQuery.Session session = AuditQuery.reader(engine, in);
            Instant instant = at == null ? null : Timestamps.parse(at, "at");
            resolution = session.service().resolve(session.caller(), query, instant);
        } catch (ServiceError | ShapeException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("error: " + Engines.explain(e, cfg));
            return 2;
        }
        if (json) {
            System.out.println(AuditQuery.pretty(AnswerJson.resolution(resolution)));
            return 0;
        }
        String when = at == null ? "now" : "at " + at;
        if (resolution.matched() == null) {
            System.out.println("no execution matches (" + when + ", instance '" + in + "'): nothing runs");
            return 0;
        }
        System.out.println("matched execution " + resolution.matched().value() + " (" + when + ", instance '" + in
                + "'), " + resolution.targets().size() + " target(s) run in this order:");
        List<List<String>> rows = new ArrayList<>();
        int n = 1;
        for (ResolvedTarget t : resolution.targets()) {
            TargetDefinition d = t.definition();
            List<String> via = t.via().stream().map(ExecutionId::value).toList();
            rows.add(List.of(Integer.toString(n++), t.id().value(), d.name(), d.type().json(), d.endpoint(),
                    Durations.format(d.timeout()), Boolean.toString(d.interruptOnError()), String.join(" > ", via)));
        }
        System.out.print(AuditQuery.table(
                List.of("#", "ID", "NAME", "TYPE", "ENDPOINT", "TIMEOUT", "INTERRUPT", "VIA"), rows));
        return 0;
    }
}
