package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks that a call target's answer is the message it replaces, and gives it back as JSON. The default
 * accepts any JSON object; a gRPC host parses it into the request's proto type (see the interceptor), so an
 * answer with an unknown field or a wrong type is the target's failure, not the handler's.
 */
@FunctionalInterface
public interface MessageParser {
    /** @throws Exception when the body is not the message; the call then counts as {@code FAILED} */
    JsonNode parse(JsonNode answer) throws Exception;

    MessageParser ANY_OBJECT = answer -> {
        if (!answer.isObject()) {
            throw new IllegalArgumentException("the answer is not a JSON object");
        }
        return answer;
    };
}
