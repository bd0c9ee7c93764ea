package io.executions.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.executions.domain.api.Condition;
import io.executions.domain.api.DeliveryId;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionType;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * The stored JSON of the events. Events are replayed for audits years later, so the format is pinned
 * here (and by a golden test) rather than left to Jackson's defaults: ids are plain strings, a condition
 * is written as in the API ({@code {"request":{"method":"/a.b.S/M"}}}), an entry as
 * {@code {"target":"T1"}} or {@code {"include":"request/a.b.S"}}, instants and durations as ISO-8601
 * strings. The domain module knows no Jackson, so everything is (de)serializers registered here.
 */
public final class EventJson {
    private EventJson() {
    }

    /**
     * A fresh mapper for one {@code JacksonSerializer}. Axon registers its own modules on the mapper it
     * is given, so each serializer gets its own and no mapper is ever shared.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The Jackson module with the domain types' stored form. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("executions-events");
        stringValue(module, InstanceId.class, InstanceId::value, InstanceId::new);
        stringValue(module, TargetId.class, TargetId::value, TargetId::new);
        stringValue(module, DeliveryId.class, DeliveryId::value, DeliveryId::new);
        stringValue(module, ExecutionId.class, ExecutionId::value, ExecutionId::parse);
        stringValue(module, TargetType.class, TargetType::json, json -> {
            TargetType type = TargetType.fromJson(json);
            if (type == null) {
                throw new IllegalArgumentException("unknown target type '" + json + "'");
            }
            return type;
        });
        module.addSerializer(Condition.class, new ConditionSerializer());
        module.addDeserializer(Condition.class, new ConditionDeserializer());
        module.addSerializer(Entry.class, new EntrySerializer());
        module.addDeserializer(Entry.class, new EntryDeserializer());
        // Jackson looks serializers up by the runtime class, so the record subtypes need their own entry.
        module.addSerializer(Entry.Target.class, new EntrySerializer().subtype());
        module.addSerializer(Entry.Include.class, new EntrySerializer().subtype());
        module.addDeserializer(Entry.Target.class, new EntryDeserializer().as(Entry.Target.class));
        module.addDeserializer(Entry.Include.class, new EntryDeserializer().as(Entry.Include.class));
        return module;
    }

    private static <T> void stringValue(SimpleModule module, Class<T> type, Function<T, String> write,
                                        Function<String, T> read) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.currentToken().isScalarValue() || p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                    throw JsonMappingException.from(p, type.getSimpleName() + " must be a string");
                }
                try {
                    return read.apply(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        });
    }

    private static final class ConditionSerializer extends JsonSerializer<Condition> {
        @Override
        public void serialize(Condition condition, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeStartObject();
            gen.writeObjectFieldStart(condition.type().json());
            if (condition.kind().isAll()) {
                gen.writeBooleanField("all", true);
            } else {
                gen.writeStringField(condition.kind().choice(), condition.value());
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    private static final class ConditionDeserializer extends JsonDeserializer<Condition> {
        @Override
        public Condition deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            return condition(p, node);
        }
    }

    static Condition condition(JsonParser p, JsonNode node) throws JsonMappingException {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw JsonMappingException.from(p, "a condition is an object with exactly one type: " + node);
        }
        Map.Entry<String, JsonNode> typeField = node.fields().next();
        ExecutionType type = ExecutionType.fromJson(typeField.getKey());
        JsonNode inner = typeField.getValue();
        if (type == null || !inner.isObject() || inner.size() != 1) {
            throw JsonMappingException.from(p, "not a condition: " + node);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = inner.fields();
        Map.Entry<String, JsonNode> choice = fields.next();
        JsonNode value = choice.getValue();
        Condition condition;
        try {
            if ("all".equals(choice.getKey())) {
                condition = value.isBoolean() && value.booleanValue() ? Condition.of(type, "all", null) : null;
            } else {
                condition = value.isTextual() ? Condition.of(type, choice.getKey(), value.textValue()) : null;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw JsonMappingException.from(p, "not a condition: " + node, e);
        }
        if (condition == null) {
            throw JsonMappingException.from(p, "not a condition: " + node);
        }
        return condition;
    }

    private static final class EntrySerializer extends JsonSerializer<Entry> {
        @Override
        public void serialize(Entry entry, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            if (entry instanceof Entry.Target target) {
                gen.writeStringField("target", target.target().value());
            } else {
                gen.writeStringField("include", ((Entry.Include) entry).include().value());
            }
            gen.writeEndObject();
        }

        @SuppressWarnings("unchecked")
        <T extends Entry> JsonSerializer<T> subtype() {
            return (JsonSerializer<T>) (JsonSerializer<?>) this;
        }
    }

    private static final class EntryDeserializer extends JsonDeserializer<Entry> {
        @Override
        public Entry deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            if (node == null || !node.isObject() || node.size() != 1) {
                throw JsonMappingException.from(p, "an entry is {\"target\": id} or {\"include\": id}: " + node);
            }
            JsonNode target = node.get("target");
            JsonNode include = node.get("include");
            try {
                if (target != null && target.isTextual()) {
                    return new Entry.Target(TargetId.of(target.textValue()));
                }
                if (include != null && include.isTextual()) {
                    return new Entry.Include(ExecutionId.parse(include.textValue()));
                }
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
            throw JsonMappingException.from(p, "an entry is {\"target\": id} or {\"include\": id}: " + node);
        }

        <T extends Entry> JsonDeserializer<T> as(Class<T> type) {
            EntryDeserializer self = this;
            return new JsonDeserializer<T>() {
                @Override
                public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    Entry entry = self.deserialize(p, ctxt);
                    if (!type.isInstance(entry)) {
                        throw JsonMappingException.from(p, "expected " + type.getSimpleName() + ", got " + entry);
                    }
                    return type.cast(entry);
                }
            };
        }
    }
}
