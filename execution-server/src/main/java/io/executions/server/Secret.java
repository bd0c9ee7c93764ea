package io.executions.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A secret in the config file (a token, the PostgreSQL password): written as the value itself
 * ({@code "password": "s3cret"}), or taken from an environment variable ({@code "password": {"env": "PGPASS"}})
 * or from a file ({@code "password": {"file": "/run/secrets/pg"}}, one trailing line break dropped, as
 * container secrets and {@code echo} write them). Resolved while the file is bound, so a missing variable or
 * file is an error naming the field.
 */
final class Secret extends JsonDeserializer<String> {
    /** Where environment variables come from; tests replace it. */
    static volatile UnaryOperator<String> environment = System::getenv;

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw JsonMappingException.from(p, "a secret is a string, {\"env\": \"VARIABLE\"} or {\"file\": \"PATH\"}");
        }
        JsonNode node = ctxt.readTree(p);
        if (node.size() != 1 || !(node.has("env") || node.has("file")) || !node.elements().next().isTextual()) {
            throw JsonMappingException.from(p, "a secret is a string, {\"env\": \"VARIABLE\"} or {\"file\": \"PATH\"}, "
                    + "got " + fieldNames(node));
        }
        if (node.has("env")) {
            String name = node.get("env").asText();
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw JsonMappingException.from(p, "the environment variable " + name + " is not set");
            }
            return value;
        }
        Path file = Path.of(node.get("file").asText());
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8);
            value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            if (value.isEmpty()) {
                throw JsonMappingException.from(p, "the secret file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            if (e instanceof JsonMappingException mapping) {
                throw mapping;
            }
            throw JsonMappingException.from(p, "cannot read the secret file " + file + ": " + e);
        }
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder b = new StringBuilder("{");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            b.append(it.next().getKey()).append(it.hasNext() ? ", " : "");
        }
        return b.append('}').toString();
    }
}
