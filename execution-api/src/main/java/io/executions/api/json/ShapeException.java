package io.executions.api.json;

/**
 * The body is not JSON of the right shape (docs/contract.md ("Checks of a call") rule 4): not JSON, a duplicate key, an unknown
 * field, a wrong type, a null, a oneof with none or two choices. The facade answers 400 with the message
 * key of the endpoint.
 */
public class ShapeException extends RuntimeException {
    public ShapeException(String message) {
        super(message);
    }
}
