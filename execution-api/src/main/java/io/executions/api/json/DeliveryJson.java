package io.executions.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.projections.DeliveryPage;
import io.executions.projections.DeliveryView;

/**
 * The REST/JSON answers of docs/delivery.md: {@code {"deliveries": "<n>"}} for a publish (a string, as protobuf's
 * JSON renders 64-bit integers), the delivery log page, and one delivery. Every field is emitted; a delivery that
 * is not pending has {@code "nextAttempt": null}.
 */
public final class DeliveryJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DeliveryJson() {
    }

    public static ObjectNode published(long deliveries) {
        ObjectNode answer = F.objectNode();
        answer.put("deliveries", Long.toString(deliveries));
        return answer;
    }

    public static ObjectNode page(DeliveryPage page) {
        ObjectNode answer = F.objectNode();
        answer.putObject("pagination").put("totalResult", Long.toString(page.totalResult()));
        ArrayNode deliveries = answer.putArray("deliveries");
        for (DeliveryView view : page.deliveries()) {
            deliveries.add(delivery(view));
        }
        return answer;
    }

    /** The answer of {@code _retry}: the delivery's change date and the delivery as it now is. */
    public static ObjectNode retried(DeliveryView view) {
        ObjectNode answer = F.objectNode();
        answer.put("changeDate", Timestamps.format(view.changeDate()));
        answer.set("delivery", delivery(view));
        return answer;
    }

    public static ObjectNode delivery(DeliveryView view) {
        ObjectNode node = F.objectNode();
        node.put("id", view.id().value());
        node.put("targetId", view.targetId().value());
        node.put("eventType", view.eventType());
        node.put("status", view.status().name());
        node.put("attempts", view.attempts());
        node.put("lastError", view.lastError());
        if (view.nextAttempt() == null) {
            node.putNull("nextAttempt");
        } else {
            node.put("nextAttempt", Timestamps.format(view.nextAttempt()));
        }
        node.put("createdDate", Timestamps.format(view.createdDate()));
        node.put("changeDate", Timestamps.format(view.changeDate()));
        return node;
    }
}
