package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions that read like the contract's error rows. */
final class Contract {
    private Contract() {
    }

    /** The error body of docs/contract.md ("Checks of a call"), exactly: code, message, one ErrorDetail with id and message key. */
    static void assertError(RunningServer.Answer answer, int http, int grpc, String messageKey) {
        assertThat(answer.status()).as("HTTP status of %s", answer.json()).isEqualTo(http);
        JsonNode body = answer.json();
        assertThat(fieldNames(body)).containsExactly("code", "message", "details");
        assertThat(body.get("code").isInt()).isTrue();
        assertThat(body.get("code").asInt()).as("gRPC code").isEqualTo(grpc);
        assertThat(body.get("message").isTextual()).isTrue();
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(body.get("details")).hasSize(1);
        JsonNode detail = body.get("details").get(0);
        assertThat(fieldNames(detail)).containsExactly("@type", "id", "message");
        assertThat(detail.get("@type").asText()).isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
        assertThat(detail.get("id").asText()).isNotBlank();
        assertThat(detail.get("message").asText()).as("message key").isEqualTo(messageKey);
        assertThat(answer.contentType()).startsWith("application/json");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** RFC 3339, UTC, milliseconds. */
    static void assertTimestamp(JsonNode node) {
        assertThat(node.isTextual()).as("timestamp %s is a string", node).isTrue();
        assertThat(node.asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }
}
