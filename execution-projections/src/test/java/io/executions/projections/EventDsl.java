package io.executions.projections;

import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import io.executions.domain.api.TargetType;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Events for given-when-then projection tests. Events built without a time ({@code at} null) are stamped
 * by the {@link ProjectionFixture} with its clock; {@link #at(Instant, Object)} fixes one explicitly.
 */
final class EventDsl {
    static final InstanceId I1 = InstanceId.of("i1");
    static final InstanceId I2 = InstanceId.of("i2");
    static final String ACTOR = "user-1";

    private EventDsl() {
    }

    static Entry target(String id) {
        return new Entry.Target(TargetId.of(id));
    }

    static Entry include(String executionId) {
        return new Entry.Include(ExecutionId.parse(executionId));
    }

    static ExecutionSet set(InstanceId instance, String executionId, Entry... entries) {
        return setBy(ACTOR, instance, executionId, entries);
    }

    static ExecutionSet setBy(String actor, InstanceId instance, String executionId, Entry... entries) {
        ExecutionId id = ExecutionId.parse(executionId);
        return new ExecutionSet(instance, id, id.toCondition(), Arrays.asList(entries), actor, null);
    }

    static ExecutionCleared cleared(InstanceId instance, String executionId) {
        return clearedBy(ACTOR, instance, executionId);
    }

    static ExecutionCleared clearedBy(String actor, InstanceId instance, String executionId) {
        ExecutionId id = ExecutionId.parse(executionId);
        return new ExecutionCleared(instance, id, id.toCondition(), actor, null);
    }

    static TargetDefinition definition(String name) {
        return new TargetDefinition(name, TargetType.REST_WEBHOOK, true, "https://hooks.example.com/" + name,
                Duration.ofSeconds(10), "key-" + name);
    }

    /** A target whose name is its id, which keeps tests short. */
    static TargetAdded addTarget(InstanceId instance, String id) {
        return addTarget(instance, id, id);
    }

    static TargetAdded addTarget(InstanceId instance, String id, String name) {
        return new TargetAdded(instance, TargetId.of(id), definition(name), ACTOR, null);
    }

    static TargetChanged changeTarget(InstanceId instance, String id, TargetDefinition definition) {
        return new TargetChanged(instance, TargetId.of(id), definition, false, ACTOR, null);
    }

    static TargetRemoved removeTarget(InstanceId instance, String id) {
        return new TargetRemoved(instance, TargetId.of(id), id, ACTOR, null);
    }

    /** The same event, happening at {@code at}. */
    static Object at(Instant at, Object event) {
        if (event instanceof ExecutionSet e) {
            return new ExecutionSet(e.instance(), e.executionId(), e.condition(), e.entries(), e.actor(), at);
        } else if (event instanceof ExecutionCleared e) {
            return new ExecutionCleared(e.instance(), e.executionId(), e.condition(), e.actor(), at);
        } else if (event instanceof TargetAdded e) {
            return new TargetAdded(e.instance(), e.targetId(), e.definition(), e.actor(), at);
        } else if (event instanceof TargetChanged e) {
            return new TargetChanged(e.instance(), e.targetId(), e.definition(), e.signingKeyRotated(), e.actor(), at);
        } else if (event instanceof TargetRemoved e) {
            return new TargetRemoved(e.instance(), e.targetId(), e.name(), e.actor(), at);
        }
        throw new IllegalArgumentException("not an event of the read models: " + event);
    }

    static List<Entry> entries(Entry... entries) {
        return List.of(entries);
    }
}
