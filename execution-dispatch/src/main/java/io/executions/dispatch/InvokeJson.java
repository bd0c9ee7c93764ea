package io.executions.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer of {@code _invoke} (docs/dispatch.md): {@code {"executionId", "interrupted", "payload",
 * "calls": [{"targetId", "name", "type", "outcome", "httpStatus", "durationMs", "error"}]}}; every field is
 * emitted (an unmatched call answers {@code "executionId": ""} and {@code "calls": []}).
 */
public final class InvokeJson {
    private InvokeJson() {
    }

    public static ObjectNode render(ChainResult result, ObjectMapper json) {
        ObjectNode answer = json.createObjectNode();
        answer.put("executionId", result.executionId() == null ? "" : result.executionId().value());
        answer.put("interrupted", result.interrupted());
        answer.set("payload", result.message() == null ? json.createObjectNode() : result.message());
        ArrayNode calls = answer.putArray("calls");
        for (TargetOutcome call : result.calls()) {
            ObjectNode c = calls.addObject();
            c.put("targetId", call.targetId().value());
            c.put("name", call.name());
            c.put("type", call.type().json());
            c.put("outcome", call.call().outcome().name());
            c.put("httpStatus", call.call().httpStatus());
            c.put("durationMs", call.call().durationMs());
            c.put("error", call.call().error());
        }
        return answer;
    }
}
