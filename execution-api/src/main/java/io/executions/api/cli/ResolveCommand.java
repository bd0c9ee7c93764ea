package io.executions.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.api.server.ServerConfig;
import io.executions.runtime.Executions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Which targets run for a call, an event or a function, now or at a past instant (SPEC sections 7, 8). */
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
    }

    @Option(names = "--at", paramLabel = "INSTANT", description = "as of this RFC 3339 instant, "
            + "e.g. 2024-12-18T07:50:47.492Z")
    String at;

    @Option(names = "--json", description = "print the JSON answer of POST /v2beta/actions/executions/_resolve")
    boolean json;

    @Override
    public Integer call() {
        ServerConfig cfg = Engines.configOrReport(store.config);
        if (cfg == null) {
            return 2;
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode body = f.objectNode();
        if (what.request != null) {
            body.putObject("request").put("method", what.request);
        } else if (what.response != null) {
            body.putObject("response").put("method", what.response);
        } else if (what.event != null) {
            body.putObject("event").put("event", what.event);
        } else {
            body.putObject("function").put("name", what.function);
        }
        if (at != null) {
            body.put("at", at);
        }
        String in = AuditQuery.instance(store.instance, cfg);
        try (Executions engine = Engines.open(cfg)) {
            AuditQuery.Answer answer = AuditQuery.post(engine, in, "/v2beta/actions/executions/_resolve",
                    body.toString());
            if (answer.status() != 200) {
                System.err.println("error: " + answer.json().path("message").asText());
                return 2;
            }
            if (json) {
                System.out.println(AuditQuery.pretty(answer.json()));
                return 0;
            }
            String matched = answer.json().get("executionId").asText();
            JsonNode targets = answer.json().get("targets");
            String when = at == null ? "now" : "at " + at;
            if (matched.isEmpty()) {
                System.out.println("no execution matches (" + when + ", instance '" + in + "'): nothing runs");
                return 0;
            }
            System.out.println("matched execution " + matched + " (" + when + ", instance '" + in + "'), "
                    + targets.size() + " target(s) run in this order:");
            List<List<String>> rows = new ArrayList<>();
            int n = 1;
            for (JsonNode t : targets) {
                List<String> via = new ArrayList<>();
                t.get("via").forEach(v -> via.add(v.asText()));
                rows.add(List.of(Integer.toString(n++), t.get("id").asText(), t.get("name").asText(),
                        t.get("type").asText(), t.get("endpoint").asText(), t.get("timeout").asText(),
                        t.get("interruptOnError").asText(), String.join(" > ", via)));
            }
            System.out.print(AuditQuery.table(
                    List.of("#", "ID", "NAME", "TYPE", "ENDPOINT", "TIMEOUT", "INTERRUPT", "VIA"), rows));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("error: " + Engines.explain(e, cfg));
            return 2;
        }
    }
}
