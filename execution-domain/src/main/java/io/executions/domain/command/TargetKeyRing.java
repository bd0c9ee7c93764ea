package io.executions.domain.command;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.PublicKeyActivated;
import io.executions.domain.api.PublicKeyAdded;
import io.executions.domain.api.PublicKeyCommand;
import io.executions.domain.api.PublicKeyDeactivated;
import io.executions.domain.api.PublicKeyRemoved;
import io.executions.domain.api.PublicKeyResult;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.policy.PublicKeyPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The public keys of one target (docs/dispatch.md, JWE), with ZITADEL's rules: a key is added inactive; only a
 * known, unexpired key can be activated (several may be active: the dispatcher encrypts to the newest active
 * one, and the JWE names it by {@code kid}); activating an active or deactivating an inactive key changes
 * nothing; only an inactive key can be removed, and removing an unknown one succeeds (idempotent). The target
 * must exist (command-side lookup) for every change but a removal.
 */
public class TargetKeyRing {
    @AggregateIdentifier
    private String aggregateId;
    private final Map<String, KeyState> keys = new HashMap<>();
    private Instant changedAt;

    private static final class KeyState {
        Instant expiration;
        boolean active;
        Instant removedAt;
    }

    protected TargetKeyRing() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PublicKeyResult handle(PublicKeyCommand.Add command, CommandSideLookup lookup, Clock clock) {
        Instant now = now(clock);
        String fingerprint = PublicKeyPolicy.check(command.publicKey(), command.expiration(), now);
        requireTarget(command, lookup);
        if (keys.containsKey(command.keyId())) {
            throw new Rejection(ErrorCode.ALREADY_EXISTS, "EXEC-PK-IDTAKEN", "Errors.Target.PublicKeyAlreadyExists",
                    "a public key with id '" + command.keyId() + "' already exists");
        }
        apply(new PublicKeyAdded(command.instance(), command.targetId(), command.keyId(),
                new String(command.publicKey(), StandardCharsets.US_ASCII), fingerprint, command.expiration(),
                command.actor(), now));
        return new PublicKeyResult(command.keyId(), now);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PublicKeyResult handle(PublicKeyCommand.Activate command, CommandSideLookup lookup, Clock clock) {
        requireTarget(command, lookup);
        KeyState key = requireKey(command);
        Instant now = now(clock);
        if (key.expiration != null && key.expiration.isBefore(now)) {
            throw new Rejection(ErrorCode.FAILED_PRECONDITION, "EXEC-PK-EXPIRED", "Errors.Target.PublicKeyExpired",
                    "public key '" + command.keyId() + "' expired at " + key.expiration);
        }
        if (key.active) {
            return new PublicKeyResult(command.keyId(), changedAt);
        }
        apply(new PublicKeyActivated(command.instance(), command.targetId(), command.keyId(), command.actor(), now));
        return new PublicKeyResult(command.keyId(), now);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PublicKeyResult handle(PublicKeyCommand.Deactivate command, CommandSideLookup lookup, Clock clock) {
        requireTarget(command, lookup);
        KeyState key = requireKey(command);
        if (!key.active) {
            return new PublicKeyResult(command.keyId(), changedAt);
        }
        Instant now = now(clock);
        apply(new PublicKeyDeactivated(command.instance(), command.targetId(), command.keyId(), command.actor(), now));
        return new PublicKeyResult(command.keyId(), now);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PublicKeyResult handle(PublicKeyCommand.Remove command, Clock clock) {
        KeyState key = keys.get(command.keyId());
        if (key == null) {
            return new PublicKeyResult(command.keyId(), SetExecutionResult.NEVER);
        }
        if (key.removedAt != null) {
            return new PublicKeyResult(command.keyId(), key.removedAt);
        }
        if (key.active) {
            throw new Rejection(ErrorCode.FAILED_PRECONDITION, "EXEC-PK-ACTIVE", "Errors.Target.PublicKeyActive",
                    "public key '" + command.keyId() + "' is active: deactivate it first");
        }
        Instant now = now(clock);
        apply(new PublicKeyRemoved(command.instance(), command.targetId(), command.keyId(), command.actor(), now));
        return new PublicKeyResult(command.keyId(), now);
    }

    private static void requireTarget(PublicKeyCommand command, CommandSideLookup lookup) {
        if (!lookup.targetExists(command.instance(), command.targetId())) {
            throw new Rejection(ErrorCode.NOT_FOUND, "EXEC-PK-TARGET", MessageKeys.TARGET_NOT_FOUND,
                    "target '" + command.targetId() + "' does not exist in this instance");
        }
    }

    private KeyState requireKey(PublicKeyCommand command) {
        String keyId = command instanceof PublicKeyCommand.Activate a ? a.keyId()
                : ((PublicKeyCommand.Deactivate) command).keyId();
        KeyState key = keys.get(keyId);
        if (key == null || key.removedAt != null) {
            throw new Rejection(ErrorCode.NOT_FOUND, "EXEC-PK-NOTFOUND", "Errors.Target.PublicKeyNotFound",
                    "public key '" + keyId + "' does not exist for target '" + command.targetId() + "'");
        }
        return key;
    }

    private static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @EventSourcingHandler
    void on(PublicKeyAdded event) {
        aggregateId = AggregateIds.targetKeys(event.instance(), event.targetId());
        KeyState key = new KeyState();
        key.expiration = event.expiration();
        keys.put(event.keyId(), key);
        changedAt = event.at();
    }

    @EventSourcingHandler
    void on(PublicKeyActivated event) {
        keys.get(event.keyId()).active = true;
        changedAt = event.at();
    }

    @EventSourcingHandler
    void on(PublicKeyDeactivated event) {
        keys.get(event.keyId()).active = false;
        changedAt = event.at();
    }

    @EventSourcingHandler
    void on(PublicKeyRemoved event) {
        keys.get(event.keyId()).removedAt = event.at();
        changedAt = event.at();
    }
}
