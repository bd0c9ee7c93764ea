package io.executions.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.api.ApiRequest;
import io.executions.api.ApiResponse;
import io.executions.api.Caller;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.json.ConditionJson;
import io.executions.api.json.JsonObject;
import io.executions.api.server.ServerConfig;
import io.executions.domain.api.InstanceId;
import io.executions.runtime.Executions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The audit commands ask the same facade the HTTP server mounts, in process, as a reader of one instance,
 * so {@code --json} prints exactly what the HTTP endpoint answers.
 */
final class AuditQuery {
    private AuditQuery() {
    }

    record Answer(int status, JsonNode json) {
    }

    static String instance(String option, ServerConfig config) {
        if (option != null) {
            return option;
        }
        List<String> ids = config.instanceIds();
        return ids.size() == 1 ? ids.get(0) : "default";
    }

    static Answer post(Executions engine, String instance, String path, String body) {
        Caller auditor = new Caller(InstanceId.of(instance), "cli", Set.of(Permissions.EXECUTION_READ));
        ExecutionsHttpApi api = new ExecutionsHttpApi(engine, header -> Optional.of(auditor),
                InstanceFeatures.allEnabled());
        ApiResponse response = api.handle(ApiRequest.of("POST", path, "cli", body));
        try {
            return new Answer(response.status(), new ObjectMapper().readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(JsonNode node) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code target:T1, include:request/a.b.S} for a table cell. */
    static String entries(JsonNode entries) {
        if (entries == null || entries.isEmpty()) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode entry : entries) {
            if (b.length() > 0) {
                b.append(", ");
            }
            if (entry.has("target")) {
                b.append("target:").append(entry.get("target").asText());
            } else {
                b.append("include:").append(conditionText(entry.get("include")));
            }
        }
        return b.toString();
    }

    private static String conditionText(JsonNode condition) {
        return ConditionJson.parse(JsonObject.root(condition)).id().value();
    }

    /** Prints rows as a table with columns as wide as their widest cell. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, header, widths);
        for (List<String> row : rows) {
            appendRow(b, row, widths);
        }
        return b.toString();
    }

    private static void appendRow(StringBuilder b, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            b.append(cell);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        b.append('\n');
    }
}
