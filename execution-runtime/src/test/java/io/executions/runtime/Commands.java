package io.executions.runtime;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;

import java.time.Duration;
import java.util.List;

/** Command shorthands for the runtime tests. */
final class Commands {
    static final InstanceId I1 = InstanceId.of("i1");

    private Commands() {
    }

    static Condition method(int i) {
        return Condition.requestMethod("/a.b.S/M" + i);
    }

    static SetExecution set(InstanceId instance, Condition condition, Entry... entries) {
        return new SetExecution(instance, condition, List.of(entries), "u1");
    }

    static CreateTarget target(InstanceId instance, String id, String name) {
        return new CreateTarget(instance, TargetId.of(id), name, TargetType.REST_WEBHOOK, true,
                "https://example.com/" + id, Duration.ofSeconds(5), "u1");
    }
}
