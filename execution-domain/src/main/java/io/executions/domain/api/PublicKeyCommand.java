package io.executions.domain.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Objects;

/** The commands of a target's public keys; each answers a {@link PublicKeyResult}. */
public sealed interface PublicKeyCommand extends InstanceScoped {
    TargetId targetId();

    String actor();

    @TargetAggregateIdentifier
    default String aggregateIdentifier() {
        return AggregateIds.targetKeys(instance(), targetId());
    }

    /**
     * Registers {@code publicKey} (PEM, an RSA or EC {@code PUBLIC KEY}) under the new id {@code keyId}.
     *
     * @param expiration null: the key never expires
     */
    record Add(InstanceId instance, TargetId targetId, String keyId, byte[] publicKey, Instant expiration,
               String actor) implements PublicKeyCommand {
        public Add {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(keyId, "keyId");
            publicKey = publicKey == null ? new byte[0] : publicKey.clone();
            actor = actor == null ? "" : actor;
        }
    }

    record Activate(InstanceId instance, TargetId targetId, String keyId, String actor) implements PublicKeyCommand {
        public Activate {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(keyId, "keyId");
            actor = actor == null ? "" : actor;
        }
    }

    record Deactivate(InstanceId instance, TargetId targetId, String keyId, String actor)
            implements PublicKeyCommand {
        public Deactivate {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(keyId, "keyId");
            actor = actor == null ? "" : actor;
        }
    }

    record Remove(InstanceId instance, TargetId targetId, String keyId, String actor) implements PublicKeyCommand {
        public Remove {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(keyId, "keyId");
            actor = actor == null ? "" : actor;
        }
    }
}
