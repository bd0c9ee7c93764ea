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
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.TargetDefinition;
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
        return newMapper(null);
    }

    /**
     * A fresh mapper whose events hold targets' signing keys encrypted with {@code cipher} (docs/dispatch.md):
     * {@code "signingKey": {"keyId", "alg", "value"}}. Reading accepts both forms. With a null cipher keys are
     * written as plain strings (the format of revision 1 before encryption), and an encrypted key is read as
     * the placeholder {@code "encrypted:<keyId>"}: audit tools read the store without the key.
     */
    public static ObjectMapper newMapper(SigningKeyCipher cipher) {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(module(cipher))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The Jackson module with the domain types' stored form. */
    public static SimpleModule module() {
        return module(null);
    }

    /** The module, with signing keys encrypted by {@code cipher} (null: plain). */
    public static SimpleModule module(SigningKeyCipher cipher) {
        SimpleModule module = new SimpleModule("executions-events");
        module.addSerializer(TargetDefinition.class, new TargetDefinitionSerializer(cipher));
        module.addDeserializer(TargetDefinition.class, new TargetDefinitionDeserializer(cipher));
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

    /** The prefix of the placeholder a key encrypted with an unknown key reads as. */
    public static final String ENCRYPTED_PLACEHOLDER = "encrypted:";

    /**
     * A target definition, fields in the pinned order; the rotation fields only when there is a previous key
     * (so revision 1's golden form is unchanged for every target that never rotated with a grace period).
     */
    private static final class TargetDefinitionSerializer extends JsonSerializer<TargetDefinition> {
        private final SigningKeyCipher cipher;

        TargetDefinitionSerializer(SigningKeyCipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public void serialize(TargetDefinition d, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeStartObject();
            gen.writeStringField("name", d.name());
            gen.writeStringField("type", d.type() == null ? null : d.type().json());
            gen.writeBooleanField("interruptOnError", d.interruptOnError());
            gen.writeStringField("endpoint", d.endpoint());
            gen.writeStringField("timeout", d.timeout() == null ? null : d.timeout().toString());
            writeKey(gen, "signingKey", d.signingKey());
            if (d.previousSigningKey() != null) {
                writeKey(gen, "previousSigningKey", d.previousSigningKey());
                gen.writeStringField("previousSigningKeyExpires", d.previousSigningKeyExpires() == null ? null
                        : d.previousSigningKeyExpires().toString());
            }
            if (d.payloadType() != PayloadType.JSON) {
                // only when not the default, so the form of every JSON target stays as revision 1 wrote it
                gen.writeStringField("payloadType", d.payloadType().json());
            }
            gen.writeEndObject();
        }

        private void writeKey(JsonGenerator gen, String field, String key) throws IOException {
            if (key == null || cipher == null || key.startsWith(ENCRYPTED_PLACEHOLDER)) {
                gen.writeStringField(field, key);
                return;
            }
            gen.writeObjectFieldStart(field);
            gen.writeStringField("keyId", cipher.keyId());
            gen.writeStringField("alg", SigningKeyCipher.ALGORITHM);
            gen.writeStringField("value", cipher.encrypt(key));
            gen.writeEndObject();
        }
    }

    private static final class TargetDefinitionDeserializer extends JsonDeserializer<TargetDefinition> {
        private final SigningKeyCipher cipher;

        TargetDefinitionDeserializer(SigningKeyCipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public TargetDefinition deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            if (node == null || !node.isObject()) {
                throw JsonMappingException.from(p, "a target definition is an object");
            }
            TargetType type = TargetType.fromJson(node.path("type").asText(""));
            if (type == null) {
                throw JsonMappingException.from(p, "unknown target type " + node.get("type"));
            }
            try {
                JsonNode timeout = node.get("timeout");
                JsonNode expires = node.get("previousSigningKeyExpires");
                return new TargetDefinition(text(node, "name"), type, node.path("interruptOnError").asBoolean(false),
                        text(node, "endpoint"),
                        timeout == null || timeout.isNull() ? null : java.time.Duration.parse(timeout.asText()),
                        key(node.get("signingKey")), key(node.get("previousSigningKey")),
                        expires == null || expires.isNull() ? null : java.time.Instant.parse(expires.asText()),
                        payloadType(node.get("payloadType")));
            } catch (RuntimeException e) {
                throw JsonMappingException.from(p, "a target definition does not read: " + e.getMessage(), e);
            }
        }

        private static PayloadType payloadType(JsonNode value) {
            if (value == null || value.isNull()) {
                return PayloadType.JSON;
            }
            PayloadType type = PayloadType.fromJson(value.asText());
            if (type == null) {
                throw new IllegalArgumentException("unknown payload type " + value);
            }
            return type;
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        private String key(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual()) {
                return value.textValue(); // stored before encryption (see PlaintextSigningKeyUpcaster)
            }
            String keyId = value.path("keyId").asText("");
            if (cipher == null) {
                return ENCRYPTED_PLACEHOLDER + keyId;
            }
            return cipher.decrypt(keyId, value.path("value").asText(""));
        }
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
