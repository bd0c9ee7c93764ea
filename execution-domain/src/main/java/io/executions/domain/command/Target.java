package io.executions.domain.command;

import io.executions.domain.api.AggregateIds;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.Rejection;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.TargetType;
import io.executions.domain.api.UpdateTarget;
import io.executions.domain.policy.TargetDefinitionPolicy;
import io.executions.domain.policy.UniqueTargetNamePolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A target of one instance (docs/contract.md ("Targets")): created, changed, deleted. */
public class Target {
    @AggregateIdentifier
    private String aggregateId;
    private InstanceId instance;
    private TargetId targetId;
    private TargetDefinition definition;
    private Instant changedAt;
    private Instant deletedAt;

    /** Required by Axon to construct an empty instance to initiate event sourcing. */
    protected Target() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TargetResult handle(CreateTarget command, CommandSideLookup lookup, SigningKeyGenerator keys,
                               EndpointPolicy endpoints, Clock clock) {
        if (aggregateId != null) {
            throw new Rejection(ErrorCode.ALREADY_EXISTS, "EXEC-T-IDTAKEN", MessageKeys.TARGET_ALREADY_EXISTS,
                    "a target with id '" + command.targetId() + "' already exists");
        }
        TargetDefinitionPolicy.check(command.name(), command.type(), command.endpoint(), command.timeout());
        checkEndpointAllowed(endpoints, command.endpoint());
        UniqueTargetNamePolicy.check(command.name(), command.targetId(),
                lookup.targetNamed(command.instance(), command.name()));
        String key = keys.newKey();
        TargetDefinition created = new TargetDefinition(command.name(), command.type(),
                command.type().canInterrupt() && command.interruptOnError(), command.endpoint(),
                command.timeout(), key).withPayloadType(command.payloadType());
        Instant now = now(clock);
        apply(new TargetAdded(command.instance(), command.targetId(), created, command.actor(), now));
        return new TargetResult(now, key);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TargetResult handle(UpdateTarget command, CommandSideLookup lookup, SigningKeyGenerator keys,
                               EndpointPolicy endpoints, Clock clock) {
        // the body first, as ZITADEL validates a request before loading anything: a bad change is 400 whether
        // or not the target exists
        TargetDefinitionPolicy.checkChange(command.name(), command.endpoint(), command.timeout());
        if (aggregateId == null || deletedAt != null) {
            throw new Rejection(ErrorCode.NOT_FOUND, "EXEC-T-NOTFOUND", MessageKeys.TARGET_NOT_FOUND,
                    "target '" + command.targetId() + "' does not exist in this instance");
        }
        TargetType type = command.type() != null ? command.type() : definition.type();
        boolean interrupt = command.interruptOnError() != null ? command.interruptOnError()
                : command.type() == null && definition.interruptOnError();
        TargetDefinition changed = new TargetDefinition(
                command.name() != null ? command.name() : definition.name(),
                type,
                type.canInterrupt() && interrupt,
                command.endpoint() != null ? command.endpoint() : definition.endpoint(),
                command.timeout() != null ? command.timeout() : definition.timeout(),
                definition.signingKey(), definition.previousSigningKey(), definition.previousSigningKeyExpires(),
                command.payloadType() != null ? command.payloadType() : definition.payloadType());
        TargetDefinitionPolicy.check(changed.name(), changed.type(), changed.endpoint(), changed.timeout());
        if (command.endpoint() != null) {
            checkEndpointAllowed(endpoints, changed.endpoint());
        }
        if (!changed.name().equals(definition.name())) {
            UniqueTargetNamePolicy.check(changed.name(), targetId, lookup.targetNamed(instance, changed.name()));
        }
        boolean rotate = command.expirationSigningKey() != null;
        Instant now = now(clock);
        if (rotate) {
            // the replaced key stays valid for receivers for expirationSigningKey (0s: replaced at once)
            Duration grace = command.expirationSigningKey();
            changed = grace.isNegative() || grace.isZero() ? changed.withSigningKey(keys.newKey())
                    : changed.rotatedTo(keys.newKey(), now.plus(grace));
        }
        if (changed.equals(definition)) {
            return new TargetResult(changedAt, null);
        }
        apply(new TargetChanged(instance, targetId, changed, rotate, command.actor(), now));
        return new TargetResult(now, rotate ? changed.signingKey() : null);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TargetResult handle(DeleteTarget command, Clock clock) {
        if (aggregateId == null) {
            return new TargetResult(SetExecutionResult.NEVER, null);
        }
        if (deletedAt != null) {
            return new TargetResult(deletedAt, null);
        }
        Instant now = now(clock);
        apply(new TargetRemoved(instance, targetId, definition.name(), command.actor(), now));
        return new TargetResult(now, null);
    }

    private static void checkEndpointAllowed(EndpointPolicy endpoints, String endpoint) {
        String reason = endpoints.denialReason(endpoint);
        if (reason != null) {
            throw new Rejection(ErrorCode.INVALID_ARGUMENT, "EXEC-T-DENIEDURL", MessageKeys.TARGET_DENIED_URL,
                    "the endpoint is not allowed: " + reason);
        }
    }

    private static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @EventSourcingHandler
    void on(TargetAdded event) {
        aggregateId = AggregateIds.target(event.instance(), event.targetId());
        instance = event.instance();
        targetId = event.targetId();
        definition = event.definition();
        changedAt = event.at();
    }

    @EventSourcingHandler
    void on(TargetChanged event) {
        definition = event.definition();
        changedAt = event.at();
    }

    @EventSourcingHandler
    void on(TargetRemoved event) {
        deletedAt = event.at();
        changedAt = event.at();
    }

    TargetDefinition definition() {
        return definition;
    }

    Instant deletedAt() {
        return deletedAt;
    }
}
