package io.executions.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A JSON object of a request, read field by field with the contract's strictness: a field of the wrong
 * type, a {@code null} and a field the message does not have are all {@link ShapeException}s whose
 * message names the field's path (e.g. {@code condition.request.method}).
 */
public final class JsonObject {
    private final ObjectNode node;
    private final String path;

    private JsonObject(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public static JsonObject root(JsonNode node) {
        return of(node, "");
    }

    static JsonObject of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new ShapeException((path.isEmpty() ? "the body" : "'" + path + "'") + " must be a JSON object, got "
                    + describe(node));
        }
        return new JsonObject((ObjectNode) node, path);
    }

    public String path() {
        return path;
    }

    /** The object itself, e.g. a free-form payload passed on as it is. */
    public ObjectNode node() {
        return node;
    }

    /** Refuses every field not named here. */
    public JsonObject only(String... allowed) {
        Set<String> names = Set.of(allowed);
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new ShapeException("unknown field '" + pathOf(name) + "'; "
                        + (allowed.length == 0 ? "this object has no fields"
                        : "allowed here: " + String.join(", ", Arrays.asList(allowed))));
            }
        }
        return this;
    }

    /** The names present, in document order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public boolean has(String name) {
        return node.has(name);
    }

    public boolean isEmpty() {
        return node.isEmpty();
    }

    public Optional<String> string(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return Optional.of(value.textValue());
    }

    public String requireString(String name) {
        return string(name).orElseThrow(() -> new ShapeException("'" + pathOf(name) + "' is required"));
    }

    public Optional<Boolean> bool(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "true or false", value);
        }
        return Optional.of(value.booleanValue());
    }

    public Optional<JsonObject> object(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw wrongType(name, "an object", value);
        }
        return Optional.of(new JsonObject((ObjectNode) value, pathOf(name)));
    }

    public JsonObject requireObject(String name) {
        return object(name).orElseThrow(() -> new ShapeException("'" + pathOf(name) + "' is required"));
    }

    /** The elements of an array field, each with its path ({@code targets[2]}). */
    public Optional<List<Element>> array(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array", value);
        }
        List<Element> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new Element(value.get(i), pathOf(name) + "[" + i + "]"));
        }
        return Optional.of(elements);
    }

    /** An array of strings (no nulls, no other types). */
    public Optional<List<String>> strings(String name) {
        return array(name).map(elements -> elements.stream().map(Element::string).toList());
    }

    /**
     * A protobuf 64-bit unsigned integer: protobuf's JSON mapping renders it as a string and accepts a
     * number or a decimal string, so both are taken; anything else (fractions, signs, text) is refused.
     */
    public OptionalLong uint64(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isTextual() && value.textValue().matches("[0-9]{1,18}")) {
            return OptionalLong.of(Long.parseLong(value.textValue()));
        }
        throw wrongType(name, "a non-negative integer", value);
    }

    /** An enum given by its protobuf name, e.g. {@code TEXT_FILTER_METHOD_EQUALS}. */
    public Optional<String> enumName(String name, List<String> allowed) {
        Optional<String> value = string(name);
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw new ShapeException("'" + pathOf(name) + "' must be one of " + String.join(", ", allowed)
                    + ", got '" + value.get() + "'");
        }
        return value;
    }

    private JsonNode present(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            throw new ShapeException("'" + pathOf(name) + "' must not be null");
        }
        return value;
    }

    private ShapeException wrongType(String name, String expected, JsonNode got) {
        return new ShapeException("'" + pathOf(name) + "' must be " + expected + ", got " + describe(got));
    }

    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> type.name().toLowerCase();
        };
    }

    /** One element of an array, with its path for messages. */
    public record Element(JsonNode node, String path) {
        public boolean isString() {
            return node.isTextual();
        }

        public boolean isObject() {
            return node.isObject();
        }

        public String string() {
            if (!node.isTextual()) {
                throw new ShapeException("'" + path + "' must be a string, got " + describe(node));
            }
            return node.textValue();
        }

        public JsonObject object() {
            return JsonObject.of(node, path);
        }
    }
}
