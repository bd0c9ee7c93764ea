package io.executions.domain.command;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared givens of the domain tests: one instance, a small catalog, a fixed clock. */
final class Fixtures {
    static final InstanceId I1 = InstanceId.of("i1");
    static final InstanceId I2 = InstanceId.of("i2");
    static final String SERVICE = "zitadel.session.v2.SessionService";
    static final String LIST = "/zitadel.session.v2.SessionService/ListSessions";
    static final String GET = "/zitadel.session.v2.SessionService/GetSession";
    static final String USER_SERVICE = "zitadel.user.v2.UserService";
    static final String ADD_USER = "/zitadel.user.v2.UserService/AddHumanUser";
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-01-02T10:00:00.123Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ACTOR = "u1";

    static final Catalog CATALOG = new StaticCatalog(
            Map.of(SERVICE, List.of("ListSessions", "GetSession"), USER_SERVICE, List.of("AddHumanUser")),
            List.of("user.human.added", "user.human.removed", "org.added"),
            List.of("preuserinfo", "preaccesstoken"));

    private Fixtures() {
    }

    static Entry target(String id) {
        return Entry.target(id);
    }

    static Entry include(Condition condition) {
        return Entry.include(condition);
    }

    static ExecutionSet set(Condition condition, Instant at, Entry... entries) {
        return new ExecutionSet(I1, condition.id(), condition, List.of(entries), ACTOR, at);
    }

    static ExecutionCleared cleared(Condition condition, Instant at) {
        return new ExecutionCleared(I1, condition.id(), condition, ACTOR, at);
    }

    /** A lookup holding the given live targets and stored executions of instance I1. */
    static InMemoryCommandSideLookup lookup(List<String> targets, ExecutionSet... executions) {
        InMemoryCommandSideLookup lookup = new InMemoryCommandSideLookup();
        for (String target : targets) {
            lookup.targetAdded(I1, TargetId.of(target), "name-" + target);
        }
        for (ExecutionSet execution : executions) {
            lookup.executionSet(execution.instance(), execution.executionId(), execution.entries());
        }
        return lookup;
    }

    static ExecutionId id(Condition condition) {
        return condition.id();
    }
}
