package io.executions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.ArrayList;
import java.util.List;

/**
 * Imports ZITADEL's legacy {@code execution.set} event (docs/contract.md ("Audit")). Stored with payload type
 * {@code execution.set}, no revision, payload {@code {"targets":[ids],"includes":[execution ids]}} and
 * metadata {@code {"instance","executionId","actor"}} (actor optional), it becomes the current
 * {@link ExecutionSet} with the targets in order, then the includes, {@code at} = the stored timestamp.
 *
 * <p>A legacy event with both lists empty becomes {@link ExecutionCleared}: in the current model an
 * empty list is a clearing, and writing an {@code ExecutionSet} with no entries would make the execution
 * look "set" (includable) while resolving to nothing.
 */
public final class LegacyExecutionSetUpcaster extends SingleEventUpcaster {
    static final SerializedType LEGACY = new SimpleSerializedType("execution.set", null);
    static final SerializedType SET = new SimpleSerializedType(ExecutionSet.class.getName(), "1");
    static final SerializedType CLEARED = new SimpleSerializedType(ExecutionCleared.class.getName(), "1");

    // Its own mapper (not the serializer's): it only converts records to trees in the pinned format.
    private final ObjectMapper mapper = EventJson.newMapper();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(LEGACY);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        MetaData metaData = representation.getMetaData().getObject();
        InstanceId instance = InstanceId.of(required(metaData, "instance", representation));
        ExecutionId executionId = ExecutionId.parse(required(metaData, "executionId", representation));
        Object actorValue = metaData.get("actor");
        String actor = actorValue == null ? "" : actorValue.toString();
        Condition condition = executionId.toCondition();
        var at = representation.getTimestamp();
        JsonNode legacy = representation.getData(JsonNode.class).getData();
        List<Entry> entries = new ArrayList<>();
        for (JsonNode target : array(legacy, "targets", representation)) {
            entries.add(new Entry.Target(TargetId.of(target.asText())));
        }
        for (JsonNode include : array(legacy, "includes", representation)) {
            entries.add(new Entry.Include(ExecutionId.parse(include.asText())));
        }
        if (entries.isEmpty()) {
            JsonNode cleared = mapper.valueToTree(new ExecutionCleared(instance, executionId, condition, actor, at));
            return representation.upcastPayload(CLEARED, JsonNode.class, ignored -> cleared);
        }
        JsonNode set = mapper.valueToTree(new ExecutionSet(instance, executionId, condition, entries, actor, at));
        return representation.upcastPayload(SET, JsonNode.class, ignored -> set);
    }

    private static String required(MetaData metaData, String key, IntermediateEventRepresentation representation) {
        Object value = metaData.get(key);
        if (value == null || value.toString().isEmpty()) {
            throw new IllegalStateException("legacy execution.set event " + representation.getMessageIdentifier()
                    + " has no '" + key + "' in its metadata");
        }
        return value.toString();
    }

    private static Iterable<JsonNode> array(JsonNode payload, String field,
                                            IntermediateEventRepresentation representation) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalStateException("legacy execution.set event " + representation.getMessageIdentifier()
                    + ": '" + field + "' is not an array");
        }
        return node;
    }
}
