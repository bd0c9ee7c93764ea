package io.executions.projections;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract.md "Resolution": the hot path checks the lock-out guard through a flag on the method's or the
 * service's execution when it finds one, else (falling back to all) by comparing the character after each
 * guarded service, then the service. Whatever the method, it must
 * guard exactly the calls {@link LockOutGuard#guards} names: with a {@code request} all execution, a call
 * resolves to nothing exactly when the guard covers it.
 */
class LockOutGuardResolutionTest {
    private static final LockOutGuard GUARD = LockOutGuard.of(List.of("zitadel.action.v2.ActionService", "a.B", ""),
            false);

    @Provide
    Arbitrary<String> methods() {
        Arbitrary<String> part = Arbitraries.of("/", "zitadel.action.v2.ActionService", "zitadel.action.v2",
                ".ActionService", "a.B", "a", ".B", "X", "SetExecution", "//");
        return part.list().ofMinSize(0).ofMaxSize(5).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void aCallResolvesToNothingExactlyWhenTheGuardCoversItsService(@ForAll("methods") String method) {
        try (ProjectionFixture fx = new ProjectionFixture(GUARD)) {
            fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));

            Resolution answer = fx.resolve(I1, ResolveQuery.request(method));

            assertThat(answer.targets().isEmpty()).as("guarded: %s", method).isEqualTo(GUARD.guards(method));
        }
    }

    @Property(tries = 2000)
    void aCallWithAnExecutionOfItsOwnMethodOrServiceResolvesToNothingExactlyWhenTheGuardCoversIt(
            @ForAll("methods") String method, @ForAll boolean ofMethod, @ForAll boolean ofService) {
        // given (besides all) an execution of the method itself and/or of its service, whose flag stands in
        // for the guard on the hot path
        try (ProjectionFixture fx = new ProjectionFixture(GUARD)) {
            fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));
            int slash = method.indexOf('/', 1);
            if (ofMethod && method.length() > 1 && method.charAt(0) == '/') {
                fx.given(set(I1, "request" + method, target("T1")));
            } else if (ofMethod && !method.isEmpty() && method.charAt(0) != '/') {
                // a call given without its leading slash finds the execution of the method with it
                fx.given(set(I1, "request/" + method, target("T1")));
            }
            if (ofService && method.startsWith("/") && slash > 1) {
                fx.given(set(I1, "request" + method.substring(0, slash), target("T1")));
            }

            Resolution answer = fx.resolve(I1, ResolveQuery.request(method));

            assertThat(answer.targets().isEmpty()).as("guarded: %s", method).isEqualTo(GUARD.guards(method));
        }
    }
}
