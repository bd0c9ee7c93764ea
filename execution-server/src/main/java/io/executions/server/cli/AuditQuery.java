package io.executions.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.api.service.ActionService;
import io.executions.domain.api.Entry;
import io.executions.server.ServerConfig;
import io.executions.domain.api.InstanceId;
import io.executions.runtime.Executions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The audit commands call the same {@link ActionService} the server's transports call, in process, as a reader
 * of one instance; {@code --json} renders the answer as the REST endpoint does.
 */
final class AuditQuery {
    private AuditQuery() {
    }

    static String instance(String option, ServerConfig config) {
        if (option != null) {
            return option;
        }
        List<String> ids = config.instanceIds();
        return ids.size() == 1 ? ids.get(0) : "default";
    }

    /** The service as a reader ({@code action.execution.read}) of {@code instance}, and that reader. */
    static Session reader(Executions engine, String instance) {
        Caller auditor = new Caller(InstanceId.of(instance), "cli", Set.of(Permissions.EXECUTION_READ));
        ActionService service = new ActionService(engine, header -> Optional.of(auditor),
                InstanceFeatures.allEnabled());
        return new Session(service, auditor);
    }

    record Session(ActionService service, Caller caller) {
    }

    static String pretty(JsonNode node) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code target:T1, include:request/a.b.S} for a table cell. */
    static String entries(List<Entry> entries) {
        if (entries == null || entries.isEmpty()) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (Entry entry : entries) {
            if (b.length() > 0) {
                b.append(", ");
            }
            if (entry instanceof Entry.Target target) {
                b.append("target:").append(target.target().value());
            } else if (entry instanceof Entry.Include include) {
                b.append("include:").append(include.include().value());
            }
        }
        return b.toString();
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
