package io.executions.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionListsResult;
import io.executions.domain.api.TargetId;
import io.executions.projections.SafeChange;

import java.util.List;

/** The REST/JSON answers of docs/safe-change.md: plan, diff, revert, lint. Every field is always emitted. */
public final class SafeChangeJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SafeChangeJson() {
    }

    public static ObjectNode plan(SafeChange.Plan plan) {
        ObjectNode answer = F.objectNode();
        answer.put("valid", plan.valid());
        ArrayNode violations = answer.putArray("violations");
        for (Rejection violation : plan.violations()) {
            ObjectNode node = violations.addObject();
            node.put("code", violation.code().grpc());
            node.put("id", violation.errorId());
            node.put("message", violation.getMessage());
            node.put("key", violation.messageKey());
        }
        answer.put("change", plan.change().name());
        answer.set("before", EntryJson.write(plan.before()));
        answer.set("after", EntryJson.write(plan.after()));
        ArrayNode affected = answer.putArray("affected");
        for (SafeChange.Affected a : plan.affected()) {
            ObjectNode node = affected.addObject();
            node.put("executionId", a.executionId().value());
            node.set("before", ids(a.before()));
            node.set("after", ids(a.after()));
        }
        answer.put("version", Long.toString(plan.version()));
        return answer;
    }

    public static ObjectNode diff(List<SafeChange.Change> changes) {
        ObjectNode answer = F.objectNode();
        ArrayNode array = answer.putArray("changes");
        for (SafeChange.Change change : changes) {
            ObjectNode node = array.addObject();
            node.put("executionId", change.executionId().value());
            node.set("before", EntryJson.write(change.before()));
            node.set("after", EntryJson.write(change.after()));
            node.set("resolvedBefore", ids(change.resolvedBefore()));
            node.set("resolvedAfter", ids(change.resolvedAfter()));
        }
        return answer;
    }

    public static ObjectNode revert(SetExecutionListsResult result) {
        ObjectNode answer = F.objectNode();
        answer.put("changes", Integer.toString(result.changes()));
        answer.put("setDate", Timestamps.format(result.setDate()));
        return answer;
    }

    public static ObjectNode lint(List<SafeChange.Finding> findings) {
        ObjectNode answer = F.objectNode();
        ArrayNode array = answer.putArray("findings");
        for (SafeChange.Finding finding : findings) {
            ObjectNode node = array.addObject();
            node.put("kind", finding.kind().name());
            node.put("executionId", finding.executionId().value());
            node.put("message", finding.message());
        }
        return answer;
    }

    private static ArrayNode ids(List<TargetId> ids) {
        ArrayNode array = F.arrayNode();
        ids.forEach(id -> array.add(id.value()));
        return array;
    }
}
