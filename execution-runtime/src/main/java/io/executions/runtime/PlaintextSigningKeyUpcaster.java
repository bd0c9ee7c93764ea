package io.executions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Signing keys stored before encryption at rest existed are plain strings in {@code TargetAdded} and
 * {@code TargetChanged} (revision 1). When the engine has a key encryption key, this upcaster turns such a key
 * into the encrypted form as the event is read, so every later step sees one format. Upcasting does not
 * rewrite the stored bytes (events are immutable): a store written before encryption keeps those plaintext
 * keys on disk until the targets' keys are rotated (UpdateTarget with {@code expirationSigningKey}).
 */
final class PlaintextSigningKeyUpcaster extends SingleEventUpcaster {
    private static final String ADDED = TargetAdded.class.getName();
    private static final String CHANGED = TargetChanged.class.getName();

    private final SigningKeyCipher cipher;

    PlaintextSigningKeyUpcaster(SigningKeyCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return ADDED.equals(type) || CHANGED.equals(type);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(representation.getType(), JsonNode.class, payload -> {
            JsonNode definition = payload.get("definition");
            if (definition instanceof ObjectNode fields) {
                encrypt(fields, "signingKey");
                encrypt(fields, "previousSigningKey");
            }
            return payload;
        });
    }

    private void encrypt(ObjectNode definition, String field) {
        JsonNode key = definition.get(field);
        if (key != null && key.isTextual() && !key.textValue().startsWith(EventJson.ENCRYPTED_PLACEHOLDER)) {
            ObjectNode encrypted = definition.objectNode();
            encrypted.put("keyId", cipher.keyId());
            encrypted.put("alg", SigningKeyCipher.ALGORITHM);
            encrypted.put("value", cipher.encrypt(key.textValue()));
            definition.set(field, encrypted);
        }
    }
}
