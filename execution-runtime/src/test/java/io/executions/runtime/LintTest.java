package io.executions.runtime;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.projections.LockOutGuard;
import io.executions.projections.SafeChange;
import io.executions.projections.SafeChange.LintKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.executions.runtime.Commands.I1;
import static io.executions.runtime.Commands.set;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/safe-change.md's lint: every kind found where it applies and not where it does not; sorted by id, then kind. */
class LintTest {
    private static final String GUARDED_SERVICE = "zitadel.action.v2beta.ActionService";
    private static final Catalog FULL = new StaticCatalog(Map.of("a.b.S", List.of("M1", "M2", "M3", "M4", "M5", "M6"),
            GUARDED_SERVICE, List.of("SetExecution")), List.of("user.human.added"), List.of("preuserinfo"));
    private static final Catalog SMALLER = new StaticCatalog(Map.of("a.b.S", List.of("M1", "M2", "M3", "M4", "M5"),
            GUARDED_SERVICE, List.of("SetExecution")), List.of("user.human.added"), List.of("preuserinfo"));

    /** The host's catalog, which a test may shrink after executions were set. */
    private final AtomicReference<Catalog> catalog = new AtomicReference<>(FULL);
    private final Executions engine = Executions.builder().catalog(switching()).lockOutGuard(LockOutGuard.DEFAULT)
            .build();

    @AfterEach
    void close() {
        engine.close();
    }

    private Catalog switching() {
        return (Catalog) java.lang.reflect.Proxy.newProxyInstance(Catalog.class.getClassLoader(),
                new Class<?>[] {Catalog.class}, (proxy, method, args) -> method.invoke(catalog.get(), args));
    }

    private void target(String id, TargetType type, int timeoutSeconds) {
        engine.createTarget(new CreateTarget(I1, TargetId.of(id), "name-" + id, type, false,
                "https://example.com/" + id, Duration.ofSeconds(timeoutSeconds), "u1"));
    }

    private static Condition m(int i) {
        return Condition.requestMethod("/a.b.S/M" + i);
    }

    private List<String> findings() {
        return engine.safeChange().lint(I1).stream().map(f -> f.executionId() + " " + f.kind()).toList();
    }

    @Test
    void aCleanInstanceHasNoFindings() {
        target("T1", TargetType.REST_WEBHOOK, 10);
        target("T2", TargetType.REST_CALL, 10);
        engine.setExecution(set(I1, m(1), Entry.target("T1")));
        engine.setExecution(set(I1, m(2), Entry.include(m(1)), Entry.target("T2")));

        assertThat(engine.safeChange().lint(I1)).isEmpty();
    }

    @Test
    void everyKindIsFoundWhereItAppliesSortedByExecutionThenKind() {
        target("T1", TargetType.REST_WEBHOOK, 10);
        target("T2", TargetType.REST_WEBHOOK, 10);
        target("SLOW1", TargetType.REST_CALL, 20);
        target("SLOW2", TargetType.REST_WEBHOOK, 11);
        target("ASYNC", TargetType.REST_ASYNC, 200);
        engine.setExecution(set(I1, m(1), Entry.target("T1"), Entry.target("T2")));
        // M2 reaches T1 twice (directly and through M1)
        engine.setExecution(set(I1, m(2), Entry.target("T1"), Entry.include(m(1))));
        // M3: 31 s of synchronous timeouts; M4: 30 s plus an async target, which does not count
        engine.setExecution(set(I1, m(3), Entry.target("SLOW1"), Entry.target("SLOW2")));
        engine.setExecution(set(I1, m(4), Entry.target("SLOW1"), Entry.target("T1"), Entry.target("ASYNC")));
        // M5: only a target that is then deleted
        target("GONE", TargetType.REST_WEBHOOK, 1);
        engine.setExecution(set(I1, m(5), Entry.target("GONE")));
        engine.deleteTarget(new DeleteTarget(I1, TargetId.of("GONE"), "u1"));
        // M6 leaves the catalog
        engine.setExecution(set(I1, m(6), Entry.target("T2")));
        // the management API's own method: guarded, never runs
        engine.setExecution(set(I1, Condition.requestMethod("/" + GUARDED_SERVICE + "/SetExecution"),
                Entry.target("T2")));
        engine.setExecution(set(I1, Condition.requestService(GUARDED_SERVICE), Entry.target("T2")));
        catalog.set(SMALLER);

        assertThat(findings()).containsExactly(
                "request/a.b.S/M2 DUPLICATE_VIA_INCLUDE",
                "request/a.b.S/M3 SLOW_CHAIN",
                "request/a.b.S/M5 DANGLING_TARGET",
                "request/a.b.S/M5 EMPTY",
                "request/a.b.S/M6 NOT_IN_CATALOG",
                "request/" + GUARDED_SERVICE + " GUARDED",
                "request/" + GUARDED_SERVICE + "/SetExecution GUARDED");
        SafeChange.Finding dangling = engine.safeChange().lint(I1).get(2);
        assertThat(dangling.kind()).isEqualTo(LintKind.DANGLING_TARGET);
        assertThat(dangling.message()).contains("'GONE'");
    }

    @Test
    void aGuardedServiceIsNotAFindingWhenTheHostOptsIn() {
        try (Executions optedIn = Executions.builder().catalog(FULL)
                .lockOutGuard(LockOutGuard.of(List.of(GUARDED_SERVICE), true)).build()) {
            optedIn.createTarget(new CreateTarget(I1, TargetId.of("T1"), "n", TargetType.REST_WEBHOOK, false,
                    "https://example.com", Duration.ofSeconds(1), "u1"));
            optedIn.setExecution(set(I1, Condition.requestService(GUARDED_SERVICE), Entry.target("T1")));

            assertThat(optedIn.safeChange().lint(I1)).isEmpty();
        }
    }
}
