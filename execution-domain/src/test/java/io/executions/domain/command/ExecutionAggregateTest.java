package io.executions.domain.command;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.ExecutionCleared;
import io.executions.domain.api.ExecutionLimits;
import io.executions.domain.api.ExecutionSet;
import io.executions.domain.api.MessageKeys;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.executions.domain.command.Fixtures.*;
import static io.executions.domain.command.RejectionMatcher.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Checks of a call"), rows 5 to 12 and every "Then" bullet, on the Execution aggregate. */
class ExecutionAggregateTest {
    private static final Condition LIST_METHOD = Condition.requestMethod(LIST);
    private static final Condition SESSION_SERVICE = Condition.requestService(SERVICE);
    private static final Condition USER_SVC = Condition.requestService(USER_SERVICE);
    private static final Condition REQUEST_ALL = Condition.requestAll();
    private static final Condition GET_METHOD = Condition.requestMethod(GET);
    private static final Condition ADD_METHOD = Condition.requestMethod(ADD_USER);

    private FixtureConfiguration<Execution> fixture;
    private InMemoryCommandSideLookup lookup;

    @BeforeEach
    void setUp() {
        lookup = lookup(List.of("T1", "T2", "T3"));
        fixture = fixtureWith(CATALOG, ExecutionLimits.DEFAULTS);
    }

    private FixtureConfiguration<Execution> fixtureWith(Catalog catalog, ExecutionLimits limits) {
        FixtureConfiguration<Execution> f = new AggregateTestFixture<>(Execution.class);
        f.registerInjectableResource(catalog);
        f.registerInjectableResource(limits);
        f.registerInjectableResource(lookup);
        f.registerInjectableResource(CLOCK);
        return f;
    }

    private static SetExecution setting(Condition condition, Entry... entries) {
        return new SetExecution(I1, condition, List.of(entries), ACTOR);
    }

    /** Records an execution as stored, for the checks that read other executions. */
    private void stored(Condition condition, Entry... entries) {
        lookup.executionSet(I1, condition.id(), List.of(entries));
    }

    private ResultValidator<Execution> whenNew(SetExecution command) {
        return fixture.givenNoPriorActivity().when(command);
    }

    @Nested
    class Rule5ConditionShape {
        @Test
        void rejectsAMethodOfMoreThan1000CodePoints() {
            String method = "/" + "m".repeat(1000);
            whenNew(setting(Condition.requestMethod(method), target("T1")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsAnEmptyMethod() {
            whenNew(setting(Condition.requestMethod(""), target("T1")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsAGroupThatIsJustDotStar() {
            whenNew(setting(Condition.eventGroup(".*"), target("T1")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void acceptsAMethodOf1000CodePointsCountingEmojiAsOne() {
            String method = "/s/" + "\uD83D\uDE00".repeat(997);
            assertThat(method.codePointCount(0, method.length())).isEqualTo(1000);
            assertThat(method.length()).isGreaterThan(1000);
            fixture = fixtureWith(new StaticCatalog(Map.of("s", List.of(method.substring(3))), List.of(), List.of()),
                    ExecutionLimits.DEFAULTS);
            Condition condition = Condition.requestMethod(method);
            whenNew(setting(condition, target("T1")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ExecutionSet(I1, condition.id(), condition, List.of(target("T1")), ACTOR, NOW));
        }

        @Test
        void checksTheShapeBeforeTheCatalog() {
            whenNew(setting(Condition.requestService("x".repeat(1001)), target("T1")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID));
        }
    }

    @Nested
    class Rule6Entries {
        @Test
        void rejectsATargetIdOfMoreThan200Characters() {
            whenNew(setting(LIST_METHOD, target("t".repeat(201))))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsAnEmptyTargetId() {
            whenNew(setting(LIST_METHOD, target("")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsTheSameTargetTwice() {
            whenNew(setting(LIST_METHOD, target("T1"), target("T2"), target("T1")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsTheSameIncludeTwiceEvenWrittenDifferently() {
            stored(Condition.eventGroup("user.human"), target("T1"));
            whenNew(setting(Condition.event("user.human.added"),
                    include(Condition.eventGroup("user.human")), include(Condition.eventGroup("user.human.*"))))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsAnIncludeOfAnInvalidCondition() {
            whenNew(setting(LIST_METHOD, include(Condition.function("f".repeat(1001)))))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsMoreEntriesThanMaxEntries() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add("T" + (i + 1));
                lookup.targetAdded(I1, TargetId.of("T" + (i + 1)), "n" + i);
            }
            fixture = fixtureWith(CATALOG, new ExecutionLimits(3, 3));
            fixture.givenNoPriorActivity()
                    .when(new SetExecution(I1, LIST_METHOD, ids.stream().map(Entry::target).toList(), ACTOR))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void acceptsExactlyMaxEntries() {
            fixture = fixtureWith(CATALOG, new ExecutionLimits(3, 3));
            fixture.givenNoPriorActivity()
                    .when(setting(LIST_METHOD, target("T1"), target("T2"), target("T3")))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void checksEntriesBeforeTheCatalog() {
            whenNew(setting(Condition.requestMethod("/unknown.S/M"), target("T1"), target("T1")))
                    .expectException(rejected(ErrorCode.INVALID_ARGUMENT, MessageKeys.EXECUTION_INVALID));
        }
    }

    @Nested
    class Rule7Catalog {
        @Test
        void rejectsAnUnknownMethod() {
            whenNew(setting(Condition.requestMethod("/zitadel.session.v2.SessionService/Nope"), target("T1")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID))
                    .expectNoEvents();
        }

        @Test
        void rejectsAMethodWithoutItsLeadingSlash() {
            whenNew(setting(Condition.requestMethod(LIST.substring(1)), target("T1")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID));
        }

        @Test
        void rejectsAnUnknownService() {
            whenNew(setting(Condition.responseService("zitadel.nope.v2.NopeService"), target("T1")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID));
        }

        @Test
        void rejectsAnUnknownEventType() {
            whenNew(setting(Condition.event("user.human.nope"), target("T1")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID));
        }

        @Test
        void rejectsAnUnknownFunction() {
            whenNew(setting(Condition.function("presamlresponse"), target("T1")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID));
        }

        @Test
        void rejectsAGroupThatIsOnlyARawPrefixOfAnEventType() {
            whenNew(setting(Condition.eventGroup("user.hum"), target("T1")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID));
        }

        @Test
        void acceptsAGroupThatEventTypesStartWith() {
            whenNew(setting(Condition.eventGroup("user"), target("T1"))).expectSuccessfulHandlerExecution();
        }

        @Test
        void acceptsAGroupGivenWithATrailingDotStar() {
            Condition group = Condition.eventGroup("user.human.*");
            assertThat(group.id().value()).isEqualTo("event/user.human.*");
            whenNew(setting(group, target("T1"))).expectSuccessfulHandlerExecution();
        }

        @Test
        void acceptsAllWhateverTheCatalog() {
            fixture = fixtureWith(StaticCatalog.empty(), ExecutionLimits.DEFAULTS);
            fixture.givenNoPriorActivity().when(setting(Condition.eventAll(), target("T1")))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void checksTheCatalogBeforeTheTargets() {
            whenNew(setting(Condition.function("nope"), target("missing")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.CONDITION_INVALID));
        }
    }

    @Nested
    class Rule8TargetsExist {
        @Test
        void rejectsAnUnknownTarget() {
            whenNew(setting(LIST_METHOD, target("T1"), target("missing")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void rejectsADeletedTarget() {
            lookup.targetRemoved(I1, TargetId.of("T2"), "name-T2");
            whenNew(setting(LIST_METHOD, target("T2")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND));
        }

        @Test
        void rejectsResendingAnUnchangedListThatNamesASinceDeletedTarget() {
            lookup.targetRemoved(I1, TargetId.of("T2"), "name-T2");
            fixture.given(set(LIST_METHOD, T0, target("T1"), target("T2")))
                    .when(setting(LIST_METHOD, target("T1"), target("T2")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void rejectsATargetOfAnotherInstance() {
            lookup.targetAdded(I2, TargetId.of("other"), "other");
            whenNew(setting(LIST_METHOD, target("other")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND));
        }

        @Test
        void checksTargetsBeforeIncludes() {
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE), target("missing")))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.TARGET_NOT_FOUND));
        }
    }

    @Nested
    class Rule9IncludesSet {
        @Test
        void rejectsAnIncludeOfANeverSetExecution() {
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE)))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.INCLUDE_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void rejectsAnIncludeOfAClearedExecution() {
            stored(SESSION_SERVICE, target("T1"));
            lookup.executionCleared(I1, SESSION_SERVICE.id());
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE)))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.INCLUDE_NOT_FOUND));
        }

        @Test
        void acceptsAnIncludeOfAnExecutionWhoseTargetsWereAllDeleted() {
            stored(SESSION_SERVICE, target("T9"));
            assertThat(lookup.targetExists(I1, TargetId.of("T9"))).isFalse();
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ExecutionSet(I1, LIST_METHOD.id(), LIST_METHOD,
                            List.of(include(SESSION_SERVICE)), ACTOR, NOW));
        }

        @Test
        void rejectsAnIncludeOfAnExecutionOfAnotherInstance() {
            lookup.executionSet(I2, SESSION_SERVICE.id(), List.of(target("T1")));
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE)))
                    .expectException(rejected(ErrorCode.NOT_FOUND, MessageKeys.INCLUDE_NOT_FOUND));
        }
    }

    @Nested
    class Rule10NoCycle {
        @Test
        void rejectsAnExecutionThatIncludesItself() {
            stored(SESSION_SERVICE, target("T1"));
            fixture.given(set(SESSION_SERVICE, T0, target("T1")))
                    .when(setting(SESSION_SERVICE, target("T1"), include(SESSION_SERVICE)))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.CIRCULAR_INCLUDE))
                    .expectNoEvents();
        }

        @Test
        void rejectsAnIncludeThatClosesACycle() {
            stored(SESSION_SERVICE, target("T1"));
            stored(REQUEST_ALL, include(SESSION_SERVICE));
            fixture.given(set(SESSION_SERVICE, T0, target("T1")))
                    .when(setting(SESSION_SERVICE, include(REQUEST_ALL)))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.CIRCULAR_INCLUDE))
                    .expectNoEvents();
        }

        @Test
        void checksTheCycleBeforeTheDepth() {
            stored(SESSION_SERVICE, target("T1"));
            stored(USER_SVC, include(SESSION_SERVICE));
            stored(REQUEST_ALL, include(USER_SVC));
            fixture.given(set(SESSION_SERVICE, T0, target("T1")))
                    .when(setting(SESSION_SERVICE, include(REQUEST_ALL)))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.CIRCULAR_INCLUDE));
        }
    }

    @Nested
    class Rule11Depth {
        @Test
        void allowsAChainOfThreeExecutions() {
            stored(USER_SVC, target("T1"));
            stored(SESSION_SERVICE, include(USER_SVC));
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE))).expectSuccessfulHandlerExecution();
        }

        @Test
        void rejectsAChainOfFourExecutionsBelow() {
            stored(REQUEST_ALL, target("T1"));
            stored(USER_SVC, include(REQUEST_ALL));
            stored(SESSION_SERVICE, include(USER_SVC));
            whenNew(setting(LIST_METHOD, include(SESSION_SERVICE)))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.MAX_LEVELS_INCLUDE))
                    .expectNoEvents();
        }

        @Test
        void rejectsAChainOfFourThatReachesTheExecutionFromAbove() {
            // GET -> LIST already; USER_SVC -> REQUEST_ALL already; now LIST -> USER_SVC makes GET->LIST->USER->ALL
            stored(REQUEST_ALL, target("T1"));
            stored(USER_SVC, include(REQUEST_ALL));
            stored(LIST_METHOD, target("T2"));
            stored(GET_METHOD, include(LIST_METHOD));
            fixture.given(set(LIST_METHOD, T0, target("T2")))
                    .when(setting(LIST_METHOD, target("T2"), include(USER_SVC)))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.MAX_LEVELS_INCLUDE))
                    .expectNoEvents();
        }

        @Test
        void allowsAChainOfThreeThatReachesTheExecutionFromAbove() {
            stored(USER_SVC, target("T1"));
            stored(LIST_METHOD, target("T2"));
            stored(GET_METHOD, include(LIST_METHOD));
            fixture.given(set(LIST_METHOD, T0, target("T2")))
                    .when(setting(LIST_METHOD, target("T2"), include(USER_SVC)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void honoursAConfiguredMaximumDepth() {
            stored(SESSION_SERVICE, target("T1"));
            fixture = fixtureWith(CATALOG, new ExecutionLimits(1, 100));
            fixture.givenNoPriorActivity().when(setting(LIST_METHOD, include(SESSION_SERVICE)))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.MAX_LEVELS_INCLUDE));
        }
    }

    @Nested
    class Rule12StillIncluded {
        @Test
        void refusesToClearAnExecutionThatOthersIncludeAndNamesThem() {
            stored(SESSION_SERVICE, target("T1"));
            stored(LIST_METHOD, include(SESSION_SERVICE));
            stored(GET_METHOD, include(SESSION_SERVICE));
            fixture.given(set(SESSION_SERVICE, T0, target("T1")))
                    .when(setting(SESSION_SERVICE))
                    .expectException(rejected(ErrorCode.FAILED_PRECONDITION, MessageKeys.STILL_INCLUDED))
                    .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                            org.hamcrest.Matchers.containsString(LIST_METHOD.id().value()),
                            org.hamcrest.Matchers.containsString(GET_METHOD.id().value())))
                    .expectNoEvents();
        }

        @Test
        void allowsChangingAnIncludedExecutionToAnotherNonEmptyList() {
            stored(SESSION_SERVICE, target("T1"));
            stored(LIST_METHOD, include(SESSION_SERVICE));
            fixture.given(set(SESSION_SERVICE, T0, target("T1")))
                    .when(setting(SESSION_SERVICE, target("T2")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(set(SESSION_SERVICE, NOW, target("T2")));
        }
    }

    @Nested
    class Then {
        @Test
        void writesExecutionSetWithTheFullOrderedListAndAnswersItsTime() {
            stored(SESSION_SERVICE, target("T3"));
            whenNew(setting(LIST_METHOD, target("T2"), include(SESSION_SERVICE), target("T1")))
                    .expectEvents(new ExecutionSet(I1, LIST_METHOD.id(), LIST_METHOD,
                            List.of(target("T2"), include(SESSION_SERVICE), target("T1")), ACTOR, NOW))
                    .expectResultMessagePayload(new SetExecutionResult(NOW, true));
        }

        @Test
        void writesNothingForAnIdenticalListAndAnswersTheLastChange() {
            fixture.given(set(LIST_METHOD, T0, target("T1"), target("T2")))
                    .when(setting(LIST_METHOD, target("T1"), target("T2")))
                    .expectNoEvents()
                    .expectResultMessagePayload(new SetExecutionResult(T0, false));
        }

        @Test
        void treatsAnotherOrderAsAChange() {
            fixture.given(set(LIST_METHOD, T0, target("T1"), target("T2")))
                    .when(setting(LIST_METHOD, target("T2"), target("T1")))
                    .expectEvents(set(LIST_METHOD, NOW, target("T2"), target("T1")));
        }

        @Test
        void writesNothingForAnEmptyListOnANeverSetExecutionAndAnswersTheZeroTime() {
            whenNew(setting(LIST_METHOD))
                    .expectNoEvents()
                    .expectResultMessagePayload(new SetExecutionResult(SetExecutionResult.NEVER, false));
            assertThat(SetExecutionResult.NEVER.toString()).isEqualTo("0001-01-01T00:00:00Z");
        }

        @Test
        void emitsExecutionClearedForAnEmptyListOnASetExecution() {
            fixture.given(set(LIST_METHOD, T0, target("T1")))
                    .when(setting(LIST_METHOD))
                    .expectEvents(new ExecutionCleared(I1, LIST_METHOD.id(), LIST_METHOD, ACTOR, NOW))
                    .expectResultMessagePayload(new SetExecutionResult(NOW, true));
        }

        @Test
        void answersTheClearingTimeForAnEmptyListOnAClearedExecution() {
            fixture.given(set(LIST_METHOD, T0, target("T1")), cleared(LIST_METHOD, NOW.minusSeconds(5)))
                    .when(setting(LIST_METHOD))
                    .expectNoEvents()
                    .expectResultMessagePayload(new SetExecutionResult(NOW.minusSeconds(5), false));
        }

        @Test
        void setsAgainAfterAClear() {
            fixture.given(set(LIST_METHOD, T0, target("T1")), cleared(LIST_METHOD, T0.plusSeconds(1)))
                    .when(setting(LIST_METHOD, target("T1")))
                    .expectEvents(set(LIST_METHOD, NOW, target("T1")));
        }

        @Test
        void carriesTheActingUserAndTheInstance() {
            whenNew(new SetExecution(I1, ADD_METHOD, List.of(target("T1")), "admin-7"))
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                    org.hamcrest.Matchers.<Object>hasToString(
                                            org.hamcrest.Matchers.containsString("actor=admin-7")))));
        }
    }
}
