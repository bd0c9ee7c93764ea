package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;

/**
 * What a host function's call targets answered, merged as ZITADEL merges them: {@code append_claims},
 * {@code set_user_metadata}, {@code append_log_claims} (OIDC) and {@code append_attribute} (SAML) add up over
 * the targets in order; any other field is the last answer's.
 *
 * @param result  the merged answers ({@code {}} when no call target answered)
 * @param failure non-null when a target with {@code interruptOnError} failed: the host's flow fails with it
 * @param calls   each target's call, in order
 */
public record FunctionResult(JsonNode result, ChainFailure failure, List<TargetOutcome> calls) {
    public static FunctionResult of(ChainResult chain) {
        return new FunctionResult(chain.message(), chain.failure(), chain.calls());
    }

    public boolean interrupted() {
        return failure != null;
    }

    /** {@code [{"key", "value"}]}: claims to add to the token or userinfo. */
    public ArrayNode appendClaims() {
        return array("append_claims");
    }

    /** {@code [{"key", "value" (base64)}]}: user metadata to set. */
    public ArrayNode setUserMetadata() {
        return array("set_user_metadata");
    }

    /** Log claims to add (OIDC). */
    public ArrayNode appendLogClaims() {
        return array("append_log_claims");
    }

    /** {@code [{"name", "nameFormat", "value"}]}: SAML attributes to add. */
    public ArrayNode appendAttribute() {
        return array("append_attribute");
    }

    private ArrayNode array(String field) {
        JsonNode value = result == null ? null : result.get(field);
        return value != null && value.isArray() ? (ArrayNode) value : JsonNodeFactory.instance.arrayNode();
    }
}
