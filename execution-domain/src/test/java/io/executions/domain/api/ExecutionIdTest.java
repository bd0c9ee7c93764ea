package io.executions.domain.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/contract.md ("Execution ids"): the ids of conditions, and back. */
class ExecutionIdTest {

    @Test
    void mapsEveryKindOfConditionAsTheTableSays() {
        assertThat(Condition.requestMethod("/a.b.S/M").id().value()).isEqualTo("request/a.b.S/M");
        assertThat(Condition.requestService("a.b.S").id().value()).isEqualTo("request/a.b.S");
        assertThat(Condition.requestAll().id().value()).isEqualTo("request");
        assertThat(Condition.responseMethod("/a.b.S/M").id().value()).isEqualTo("response/a.b.S/M");
        assertThat(Condition.responseService("a.b.S").id().value()).isEqualTo("response/a.b.S");
        assertThat(Condition.responseAll().id().value()).isEqualTo("response");
        assertThat(Condition.function("preuserinfo").id().value()).isEqualTo("function/preuserinfo");
        assertThat(Condition.event("user.human.added").id().value()).isEqualTo("event/user.human.added");
        assertThat(Condition.eventGroup("user.human").id().value()).isEqualTo("event/user.human.*");
        assertThat(Condition.eventAll().id().value()).isEqualTo("event");
    }

    @Test
    void acceptsAndIgnoresATrailingDotStarOnAGroup() {
        assertThat(Condition.eventGroup("user.human.*")).isEqualTo(Condition.eventGroup("user.human"));
    }

    @Test
    void turnsEveryIdOfTheTableBackIntoItsCondition() {
        assertThat(ExecutionId.parse("request/a.b.S/M").toCondition()).isEqualTo(Condition.requestMethod("/a.b.S/M"));
        assertThat(ExecutionId.parse("request/a.b.S").toCondition()).isEqualTo(Condition.requestService("a.b.S"));
        assertThat(ExecutionId.parse("request").toCondition()).isEqualTo(Condition.requestAll());
        assertThat(ExecutionId.parse("response/a.b.S/M").toCondition()).isEqualTo(Condition.responseMethod("/a.b.S/M"));
        assertThat(ExecutionId.parse("response/a.b.S").toCondition()).isEqualTo(Condition.responseService("a.b.S"));
        assertThat(ExecutionId.parse("response").toCondition()).isEqualTo(Condition.responseAll());
        assertThat(ExecutionId.parse("function/preuserinfo").toCondition()).isEqualTo(Condition.function("preuserinfo"));
        assertThat(ExecutionId.parse("event/user.human.added").toCondition()).isEqualTo(Condition.event("user.human.added"));
        assertThat(ExecutionId.parse("event/user.human.*").toCondition()).isEqualTo(Condition.eventGroup("user.human"));
        assertThat(ExecutionId.parse("event").toCondition()).isEqualTo(Condition.eventAll());
    }

    @Test
    void refusesStringsThatAreNotIds() {
        for (String bad : new String[]{"", "function", "foo/bar", "request/", "requests/a"}) {
            assertThatThrownBy(() -> ExecutionId.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void comparesIdsByCodePoint() {
        ExecutionId bmp = new ExecutionId("event/\uFFFF");
        ExecutionId astral = new ExecutionId("event/\uD83D\uDE00");
        assertThat(bmp.compareTo(astral)).isNegative();
        assertThat(bmp.value().compareTo(astral.value())).isPositive();
    }

    @Property
    void everyConditionSurvivesTheRoundTripThroughItsId(@ForAll("conditions") Condition condition) {
        assertThat(ExecutionId.parse(condition.id().value()).toCondition()).isEqualTo(condition);
    }

    @Provide
    Arbitrary<Condition> conditions() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '_', 'é', '\u4e2d')
                .ofMinLength(1).ofMaxLength(20).filter(s -> !s.endsWith(".*"));
        Arbitrary<String> service = segment;
        Arbitrary<String> method = Combinators.combine(segment, segment).as((s, m) -> "/" + s + "/" + m);
        Arbitrary<String> event = segment.filter(s -> !s.endsWith("."));
        return Arbitraries.oneOf(
                method.map(Condition::requestMethod), service.map(Condition::requestService),
                Arbitraries.just(Condition.requestAll()),
                method.map(Condition::responseMethod), service.map(Condition::responseService),
                Arbitraries.just(Condition.responseAll()),
                segment.map(Condition::function),
                event.map(Condition::event), event.map(Condition::eventGroup),
                Arbitraries.just(Condition.eventAll()));
    }
}
