package io.executions.projections;

/**
 * Seals the secrets a read-model snapshot holds (target signing keys) before they reach the disk, and
 * opens them on load. The events keep signing keys encrypted at rest; a snapshot beside the store must not
 * undo that, so the runtime seals with the same key encryption key as the events.
 */
public interface SecretSealer {
    /** For stores whose events hold keys in plain text anyway (no key encryption configured). */
    SecretSealer NONE = new SecretSealer() {
        @Override
        public String seal(String secret) {
            return secret;
        }

        @Override
        public String open(String sealed) {
            return sealed;
        }
    };

    String seal(String secret);

    /** @throws IllegalArgumentException when the value was not sealed by this sealer's key */
    String open(String sealed);
}
