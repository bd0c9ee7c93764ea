package io.executions.domain.command;

import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.DeleteTarget;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetAdded;
import io.executions.domain.api.TargetChanged;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetRemoved;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.TargetType;
import io.executions.domain.api.UpdateTarget;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.executions.domain.command.Fixtures.*;
import static io.executions.domain.command.RejectionMatcher.rejected;

/** docs/contract.md ("Targets") on the Target aggregate. */
class TargetAggregateTest {
    private static final TargetId T1 = TargetId.of("T1");
    private static final String URL = "https://hooks.example.com/a";
    private static final TargetDefinition DEF = new TargetDefinition("hook", TargetType.REST_WEBHOOK, true, URL,
            Duration.ofSeconds(10), "key-0");

    private FixtureConfiguration<Target> fixture;
    private InMemoryCommandSideLookup lookup;

    @BeforeEach
    void setUp() {
        lookup = lookup(List.of());
        fixture = new AggregateTestFixture<>(Target.class);
        fixture.registerInjectableResource(lookup);
        fixture.registerInjectableResource(CLOCK);
        int[] counter = {1};
        fixture.registerInjectableResource((SigningKeyGenerator) () -> "key-" + counter[0]++);
        fixture.registerInjectableResource((EndpointPolicy) endpoint ->
                endpoint.contains("denied.example") ? "denied.example is in the deny list" : null);
    }

    private static CreateTarget create(String name, TargetType type, String endpoint, Duration timeout) {
        return new CreateTarget(I1, T1, name, type, true, endpoint, timeout, ACTOR);
    }

    private static TargetAdded added() {
        return new TargetAdded(I1, T1, DEF, ACTOR, T0);
    }

    private static UpdateTarget rename(String name) {
        return new UpdateTarget(I1, T1, name, null, null, null, null, null, ACTOR);
    }

    @Test
    void createsATargetWithAGeneratedSigningKey() {
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_WEBHOOK, URL, Duration.ofSeconds(10)))
                .expectEvents(new TargetAdded(I1, T1, DEF.withSigningKey("key-1"), ACTOR, NOW))
                .expectResultMessagePayload(new TargetResult(NOW, "key-1"));
    }

    @Test
    void anAsyncTargetNeverInterrupts() {
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_ASYNC, URL, Duration.ofSeconds(10)))
                .expectEvents(new TargetAdded(I1, T1, new TargetDefinition("hook", TargetType.REST_ASYNC, false, URL,
                        Duration.ofSeconds(10), "key-1"), ACTOR, NOW));
    }

    @Test
    void rejectsAnEndpointThatIsNotAnAbsoluteHttpUrl() {
        for (String bad : List.of("ftp://example.com/x", "/relative/path", "not a url", "https://", "")) {
            fixture.givenNoPriorActivity()
                    .when(create("hook", TargetType.REST_CALL, bad, Duration.ofSeconds(10)))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_INVALID))
                    .expectNoEvents();
        }
    }

    @Test
    void rejectsATimeoutOfZero() {
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_CALL, URL, Duration.ZERO))
                .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_INVALID));
    }

    @Test
    void rejectsATimeoutOverTwoHundredSeventySeconds() {
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_CALL, URL, Duration.ofSeconds(270).plusMillis(1)))
                .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_INVALID));
    }

    @Test
    void acceptsATimeoutOfExactlyTwoHundredSeventySeconds() {
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_CALL, URL, Duration.ofSeconds(270)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void rejectsAnEmptyName() {
        fixture.givenNoPriorActivity()
                .when(create("", TargetType.REST_CALL, URL, Duration.ofSeconds(1)))
                .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_INVALID));
    }

    @Test
    void rejectsANameTakenInTheSameInstance() {
        lookup.targetAdded(I1, TargetId.of("T9"), "hook");
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_CALL, URL, Duration.ofSeconds(1)))
                .expectException(rejected(ErrorCode.ALREADY_EXISTS, MessageKeys.TARGET_ALREADY_EXISTS))
                .expectNoEvents();
    }

    @Test
    void acceptsTheNameOfADeletedTarget() {
        lookup.targetAdded(I1, TargetId.of("T9"), "hook");
        lookup.targetRemoved(I1, TargetId.of("T9"), "hook");
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_WEBHOOK, URL, Duration.ofSeconds(10)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void acceptsANameTakenInAnotherInstance() {
        lookup.targetAdded(I2, TargetId.of("T9"), "hook");
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_WEBHOOK, URL, Duration.ofSeconds(10)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void rejectsCreatingAnIdThatExists() {
        fixture.given(added())
                .when(create("other", TargetType.REST_WEBHOOK, URL, Duration.ofSeconds(10)))
                .expectException(rejected(ErrorCode.ALREADY_EXISTS, MessageKeys.TARGET_ALREADY_EXISTS));
    }

    @Test
    void updatesOnlyTheGivenFields() {
        fixture.given(added())
                .when(rename("renamed"))
                .expectEvents(new TargetChanged(I1, T1, DEF.withName("renamed"), false, ACTOR, NOW))
                .expectResultMessagePayload(new TargetResult(NOW, null));
    }

    @Test
    void changesTheTypeTogetherWithInterruptOnError() {
        fixture.given(added())
                .when(new UpdateTarget(I1, T1, null, TargetType.REST_ASYNC, null, null, null, null, ACTOR))
                .expectEvents(new TargetChanged(I1, T1, new TargetDefinition("hook", TargetType.REST_ASYNC, false,
                        URL, Duration.ofSeconds(10), "key-0"), false, ACTOR, NOW));
    }

    @Test
    void rotatesTheSigningKeyWhenAnExpirationIsGiven() {
        fixture.given(added())
                .when(new UpdateTarget(I1, T1, null, null, null, null, null, Duration.ZERO, ACTOR))
                .expectEvents(new TargetChanged(I1, T1, DEF.withSigningKey("key-1"), true, ACTOR, NOW))
                .expectResultMessagePayload(new TargetResult(NOW, "key-1"));
    }

    @Test
    void aRotationWithAnExpirationKeepsThePreviousKeyValidUntilThen() {
        fixture.given(added())
                .when(new UpdateTarget(I1, T1, null, null, null, null, null, Duration.ofHours(1), ACTOR))
                .expectEvents(new TargetChanged(I1, T1, DEF.rotatedTo("key-1", NOW.plus(Duration.ofHours(1))), true,
                        ACTOR, NOW))
                .expectResultMessagePayload(new TargetResult(NOW, "key-1"));
    }

    @Test
    void thePreviousKeyIsValidOnlyBeforeItExpires() {
        TargetDefinition rotated = DEF.rotatedTo("key-1", NOW.plusSeconds(60));

        org.assertj.core.api.Assertions.assertThat(rotated.previousSigningKeyAt(NOW)).isEqualTo("key-0");
        org.assertj.core.api.Assertions.assertThat(rotated.previousSigningKeyAt(NOW.plusSeconds(60))).isNull();
    }

    @Test
    void rejectsADeniedEndpointOnCreateWithDeniedUrl() {
        fixture.givenNoPriorActivity()
                .when(create("hook", TargetType.REST_CALL, "https://denied.example/x", Duration.ofSeconds(1)))
                .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_DENIED_URL))
                .expectNoEvents();
    }

    @Test
    void rejectsAnUpdateToADeniedEndpointWithDeniedUrl() {
        fixture.given(added())
                .when(new UpdateTarget(I1, T1, null, null, null, "https://denied.example/x", null, null, ACTOR))
                .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_DENIED_URL))
                .expectNoEvents();
    }

    @Test
    void writesNothingForAnUpdateThatChangesNothing() {
        fixture.given(added())
                .when(rename("hook"))
                .expectNoEvents()
                .expectResultMessagePayload(new TargetResult(T0, null));
    }

    @Test
    void rejectsAnUpdateToATakenName() {
        lookup.targetAdded(I1, TargetId.of("T9"), "taken");
        fixture.given(added())
                .when(rename("taken"))
                .expectException(rejected(ErrorCode.ALREADY_EXISTS, MessageKeys.TARGET_ALREADY_EXISTS));
    }

    @Test
    void rejectsAnUpdateWithAnInvalidEndpoint() {
        fixture.given(added())
                .when(new UpdateTarget(I1, T1, null, null, null, "mailto:x@example.com", null, null, ACTOR))
                .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.TARGET_INVALID));
    }

    @Test
    void updatingAnUnknownTargetIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(rename("x"))
                .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void updatingADeletedTargetIsNotFound() {
        fixture.given(added(), new TargetRemoved(I1, T1, "hook", ACTOR, T0.plusSeconds(1)))
                .when(rename("x"))
                .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND));
    }

    @Test
    void deletesATarget() {
        fixture.given(added())
                .when(new DeleteTarget(I1, T1, ACTOR))
                .expectEvents(new TargetRemoved(I1, T1, "hook", ACTOR, NOW))
                .expectResultMessagePayload(new TargetResult(NOW, null));
    }

    @Test
    void deletingAgainAnswersTheFirstDeletionDateAndWritesNothing() {
        fixture.given(added(), new TargetRemoved(I1, T1, "hook", ACTOR, T0.plusSeconds(1)))
                .when(new DeleteTarget(I1, T1, ACTOR))
                .expectNoEvents()
                .expectResultMessagePayload(new TargetResult(T0.plusSeconds(1), null));
    }

    @Test
    void deletingAnIdNeverSeenSucceedsWithTheZeroTime() {
        fixture.givenNoPriorActivity()
                .when(new DeleteTarget(I1, T1, ACTOR))
                .expectNoEvents()
                .expectResultMessagePayload(new TargetResult(SetExecutionResult.NEVER, null));
    }
}
