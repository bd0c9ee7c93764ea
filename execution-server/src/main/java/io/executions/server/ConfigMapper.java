package io.executions.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Binds a config file to {@link ServerConfig}'s records with Jackson, strictly: unknown fields, duplicate keys,
 * wrong types and trailing content are errors, and every error names the file, the line and the field's path.
 */
final class ConfigMapper {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    private ConfigMapper() {
    }

    static ServerConfig bind(byte[] json, String source) {
        try {
            ServerConfig config = MAPPER.readValue(json, ServerConfig.class);
            if (config == null) {
                throw new ServerConfig.ConfigException(source + " is empty; it must hold one JSON object");
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            throw new ServerConfig.ConfigException(source + ": unknown field '" + e.getPropertyName() + "' at "
                    + path(e) + line(e) + "; known fields here: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new ServerConfig.ConfigException(source + ": wrong value at " + path(e) + line(e) + ": "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ServerConfig.ConfigException(source + " is not valid JSON" + line(e) + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ServerConfig.ConfigException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "the top level" : "'" + b + "'";
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
