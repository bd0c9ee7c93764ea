package io.executions.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.api.service.CreatedTarget;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetResult;
import io.executions.projections.ExecutionPage;
import io.executions.projections.ExecutionView;
import io.executions.projections.HistoryEntry;
import io.executions.projections.Resolution;
import io.executions.projections.ResolvedTarget;
import io.executions.projections.TargetPage;
import io.executions.projections.TargetView;

import java.util.List;

/**
 * The REST/JSON answers of the operations (docs/contract.md), rendered from the application service's results;
 * the REST adapter and the CLI's {@code --json} print the same bodies.
 */
public final class AnswerJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AnswerJson() {
    }

    public static ObjectNode setExecution(SetExecutionResult result) {
        ObjectNode answer = F.objectNode();
        answer.put("setDate", Timestamps.format(result.setDate()));
        return answer;
    }

    public static ObjectNode executions(ExecutionPage page) {
        ArrayNode executions = F.arrayNode();
        for (ExecutionView view : page.executions()) {
            ObjectNode node = executions.addObject();
            node.set("condition", ConditionJson.write(view.condition()));
            node.put("creationDate", Timestamps.format(view.creationDate()));
            node.put("changeDate", Timestamps.format(view.changeDate()));
            node.set("targets", EntryJson.write(view.targets()));
            if (view.direct() != null) {
                node.put("direct", view.direct());
            }
        }
        ObjectNode answer = F.objectNode();
        answer.set("pagination", pagination(page.totalResult()));
        answer.set("executions", executions);
        return answer;
    }

    public static ObjectNode resolution(Resolution resolution) {
        ObjectNode answer = F.objectNode();
        answer.put("executionId", resolution.matched() == null ? "" : resolution.matched().value());
        ArrayNode targets = answer.putArray("targets");
        for (ResolvedTarget target : resolution.targets()) {
            TargetDefinition d = target.definition();
            ObjectNode node = targets.addObject();
            node.put("id", target.id().value());
            node.put("name", d.name());
            node.put("endpoint", d.endpoint());
            node.put("timeout", Durations.format(d.timeout()));
            node.put("type", d.type().json());
            node.put("interruptOnError", d.interruptOnError());
            ArrayNode via = node.putArray("via");
            target.via().forEach(id -> via.add(id.value()));
        }
        return answer;
    }

    public static ObjectNode history(List<HistoryEntry> changes) {
        ObjectNode answer = F.objectNode();
        ArrayNode array = answer.putArray("changes");
        for (HistoryEntry change : changes) {
            ObjectNode node = array.addObject();
            node.put("date", Timestamps.format(change.date()));
            node.put("actor", change.actor() == null ? "" : change.actor());
            node.put("kind", change.kind().name());
            node.set("previousTargets", EntryJson.write(change.previousTargets()));
            node.set("targets", EntryJson.write(change.targets()));
        }
        return answer;
    }

    public static ObjectNode strings(String field, List<String> values) {
        ObjectNode answer = F.objectNode();
        ArrayNode array = answer.putArray(field);
        values.forEach(array::add);
        return answer;
    }

    public static ObjectNode createdTarget(CreatedTarget created) {
        ObjectNode answer = F.objectNode();
        answer.put("id", created.id().value());
        answer.put("creationDate", Timestamps.format(created.creationDate()));
        answer.put("signingKey", created.signingKey());
        return answer;
    }

    public static ObjectNode updatedTarget(TargetResult result) {
        ObjectNode answer = F.objectNode();
        answer.put("changeDate", Timestamps.format(result.date()));
        if (result.signingKey() != null) {
            answer.put("signingKey", result.signingKey());
        }
        return answer;
    }

    public static ObjectNode deletedTarget(TargetResult result) {
        ObjectNode answer = F.objectNode();
        answer.put("deletionDate", Timestamps.format(result.date()));
        return answer;
    }

    public static ObjectNode getTarget(TargetView view) {
        ObjectNode answer = F.objectNode();
        answer.set("target", target(view));
        return answer;
    }

    public static ObjectNode targets(TargetPage page) {
        ObjectNode answer = F.objectNode();
        answer.set("pagination", pagination(page.totalResult()));
        ArrayNode targets = answer.putArray("targets");
        // a signing key appears only in create, update and get answers (docs/dispatch.md), never in a listing:
        // the field stays (every field is emitted, as gRPC's JSON has it) but empty
        page.targets().forEach(view -> targets.add(target(view).put("signingKey", "")));
        return answer;
    }

    public static ObjectNode target(TargetView view) {
        TargetDefinition d = view.definition();
        ObjectNode node = F.objectNode();
        node.put("id", view.id().value());
        node.put("name", d.name());
        ObjectNode type = node.putObject(d.type().json());
        if (d.type().canInterrupt()) {
            type.put("interruptOnError", d.interruptOnError());
        }
        node.put("endpoint", d.endpoint());
        node.put("timeout", Durations.format(d.timeout()));
        node.put("creationDate", Timestamps.format(view.creationDate()));
        node.put("changeDate", Timestamps.format(view.changeDate()));
        node.put("signingKey", d.signingKey());
        if (d.payloadType() != PayloadType.JSON) {
            // only when chosen, so the answers of JSON targets stay byte for byte as section 5 has them
            node.put("payloadType", d.payloadType().json());
        }
        return node;
    }

    /** {@code {"code", "message", "details": [{"@type": "type.googleapis.com/zitadel.v1.ErrorDetail", "id",
     * "message"}]}}. */
    public static ObjectNode error(int grpcCode, String errorId, String messageKey, String message) {
        ObjectNode body = F.objectNode();
        body.put("code", grpcCode);
        body.put("message", message == null ? messageKey : message);
        ObjectNode detail = body.putArray("details").addObject();
        detail.put("@type", "type.googleapis.com/zitadel.v1.ErrorDetail");
        detail.put("id", errorId);
        detail.put("message", messageKey);
        return body;
    }

    private static ObjectNode pagination(long total) {
        ObjectNode node = F.objectNode();
        node.put("totalResult", Long.toString(total));
        return node;
    }
}
