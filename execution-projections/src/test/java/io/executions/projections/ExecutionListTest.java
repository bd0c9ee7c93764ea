package io.executions.projections;

import io.executions.domain.api.ExecutionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.I2;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.at;
import static io.executions.projections.EventDsl.cleared;
import static io.executions.projections.EventDsl.include;
import static io.executions.projections.EventDsl.removeTarget;
import static io.executions.projections.EventDsl.set;
import static io.executions.projections.EventDsl.target;
import static io.executions.projections.ProjectionFixture.eid;
import static io.executions.projections.ProjectionFixture.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Reading"): ListExecutions. */
class ExecutionListTest {
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    private ExecutionPage list(ExecutionFilter... filters) {
        return fx.models.listExecutions(I1, new ExecutionListQuery(List.of(filters), 0, 0, true, null, null));
    }

    private ExecutionPage list(SortingColumn column, boolean asc, long offset, long limit) {
        return fx.models.listExecutions(I1, new ExecutionListQuery(List.of(), offset, limit, asc, column, null));
    }

    private static List<String> ids(ExecutionPage page) {
        return page.executions().stream().map(v -> v.id().value()).toList();
    }

    @Test
    void listsEachExecutionWithItsConditionDatesAndEntries() {
        fx.given(addTarget(I1, "T1"), set(I1, "request/a.b.S", target("T1")));
        Instant created = fx.now();
        fx.given(set(I1, "request/a.b.S/M", target("T1"), include("request/a.b.S")));
        fx.given(set(I1, "request/a.b.S", target("T1")));

        ExecutionPage page = list();

        assertThat(page.totalResult()).isEqualTo(2);
        ExecutionView service = page.executions().get(0);
        assertThat(service.condition()).isEqualTo(eid("request/a.b.S").toCondition());
        assertThat(service.creationDate()).isEqualTo(created);
        assertThat(service.changeDate()).isEqualTo(fx.now());
        assertThat(service.targets()).containsExactly(target("T1"));
        assertThat(service.direct()).isNull();
        assertThat(page.executions().get(1).targets()).containsExactly(target("T1"), include("request/a.b.S"));
    }

    @Test
    void leavesDeletedTargetsOutOfTheEntries() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"),
                set(I1, "request", target("T1"), target("T2")), removeTarget(I1, "T1"));

        assertThat(list().executions().get(0).targets()).containsExactly(target("T2"));
    }

    @Test
    void doesNotListAnExecutionWhoseTargetsWereAllDeleted() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")), removeTarget(I1, "T1"));

        assertThat(list().totalResult()).isZero();
        assertThat(list().executions()).isEmpty();
    }

    @Test
    void doesNotListAClearedExecution() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")), set(I1, "event", target("T1")),
                cleared(I1, "request"));

        assertThat(ids(list())).containsExactly("event");
    }

    @Test
    void listsAnExecutionWhoseListHasOnlyIncludes() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")),
                set(I1, "request/a.b.S", include("request")));

        assertThat(ids(list())).containsExactly("request", "request/a.b.S");
    }

    @Test
    void keepsTheCreationDateOfTheFirstSetAcrossAClear() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")));
        Instant firstSet = fx.now();
        fx.given(cleared(I1, "request"), set(I1, "request", target("T1")));

        ExecutionView view = list().executions().get(0);

        assertThat(view.creationDate()).isEqualTo(firstSet);
        assertThat(view.changeDate()).isEqualTo(fx.now());
    }

    @Test
    void filtersByConditions() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")), set(I1, "event", target("T1")),
                set(I1, "function/f", target("T1")));

        assertThat(ids(list(new ExecutionFilter.InConditions(List.of(eid("event"), eid("function/f"),
                eid("response")))))).containsExactly("event", "function/f");
    }

    @Test
    void filtersByExecutionType() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")), set(I1, "response/a.b.S", target("T1")),
                set(I1, "response", target("T1")));

        assertThat(ids(list(new ExecutionFilter.OfType(ExecutionType.RESPONSE))))
                .containsExactly("response/a.b.S", "response");
        assertThat(list(new ExecutionFilter.OfType(null)).totalResult()).isEqualTo(3);
    }

    @Test
    void aTargetFilterMatchesDirectListsAndIncludesAndSaysWhichIsDirect() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"),
                set(I1, "request", target("T1")),
                set(I1, "request/a.b.S", include("request"), target("T2")),
                set(I1, "request/a.b.S/M", include("request/a.b.S"), target("T1")),
                set(I1, "event", target("T2")));

        ExecutionPage page = list(ExecutionFilter.target(tid("T1")));

        assertThat(ids(page)).containsExactly("request", "request/a.b.S", "request/a.b.S/M");
        assertThat(page.executions()).extracting(ExecutionView::direct).containsExactly(true, false, true);
    }

    @Test
    void aTargetFilterDoesNotMatchADeletedTarget() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "request", target("T1"), target("T2")),
                removeTarget(I1, "T1"));

        assertThat(list(ExecutionFilter.target(tid("T1"))).totalResult()).isZero();
    }

    @Test
    void anIncludeFilterMatchesDirectIncludesOnly() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")),
                set(I1, "request/a.b.S", include("request")),
                set(I1, "request/a.b.S/M", include("request/a.b.S")));

        assertThat(ids(list(new ExecutionFilter.Includes(eid("request"))))).containsExactly("request/a.b.S");
    }

    @Test
    void filtersCombineWithAnd() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "request", target("T1")),
                set(I1, "event", target("T1")), set(I1, "response", target("T2")));

        assertThat(ids(list(new ExecutionFilter.OfType(ExecutionType.EVENT), ExecutionFilter.target(tid("T1")))))
                .containsExactly("event");
    }

    @Test
    void sortsByCreationDateByDefault() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "response", target("T1")),
                set(I1, "event", target("T1")), set(I1, "request", target("T1")),
                set(I1, "response", target("T1"), target("T2")));

        assertThat(ids(fx.models.listExecutions(I1, ExecutionListQuery.all())))
                .containsExactly("response", "event", "request");
    }

    @Test
    void sortsByChangeDate() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), set(I1, "response", target("T1")),
                set(I1, "event", target("T1")), set(I1, "response", target("T2")));

        assertThat(ids(list(SortingColumn.CHANGED_DATE, true, 0, 0))).containsExactly("event", "response");
    }

    @Test
    void sortsByIdInCodePointOrder() {
        // U+FFFF sorts after U+1F600's high surrogate by UTF-16 unit, but before it by code point.
        fx.given(addTarget(I1, "T1"), set(I1, "function/\uD83D\uDE00", target("T1")),
                set(I1, "function/\uFFFF", target("T1")), set(I1, "event", target("T1")));

        assertThat(ids(list(SortingColumn.ID, true, 0, 0)))
                .containsExactly("event", "function/\uFFFF", "function/\uD83D\uDE00");
    }

    @Test
    void breaksTiesByIdInTheSameDirection() {
        Instant same = ProjectionFixture.START.plusSeconds(5);
        fx.given(addTarget(I1, "T1"), at(same, set(I1, "request", target("T1"))),
                at(same, set(I1, "event", target("T1"))), at(same, set(I1, "function/f", target("T1"))));

        assertThat(ids(list(SortingColumn.CREATED_DATE, true, 0, 0)))
                .containsExactly("event", "function/f", "request");
        assertThat(ids(list(SortingColumn.CREATED_DATE, false, 0, 0)))
                .containsExactly("request", "function/f", "event");
    }

    @Test
    void descendingReversesTheOrder() {
        fx.given(addTarget(I1, "T1"), set(I1, "request", target("T1")), set(I1, "event", target("T1")));

        assertThat(ids(list(SortingColumn.ID, false, 0, 0))).containsExactly("request", "event");
    }

    @Test
    void paginatesWithOffsetAndLimitAndCountsTheTotalBeforePaging() {
        fx.given(addTarget(I1, "T1"), set(I1, "event/a", target("T1")), set(I1, "event/b", target("T1")),
                set(I1, "event/c", target("T1")), set(I1, "event/d", target("T1")));

        ExecutionPage page = list(SortingColumn.ID, true, 1, 2);

        assertThat(page.totalResult()).isEqualTo(4);
        assertThat(ids(page)).containsExactly("event/b", "event/c");
        assertThat(ids(list(SortingColumn.ID, true, 3, 10))).containsExactly("event/d");
        assertThat(list(SortingColumn.ID, true, 9, 1).executions()).isEmpty();
    }

    @Test
    void aLimitOfZeroMeansAll() {
        fx.given(addTarget(I1, "T1"), set(I1, "event/a", target("T1")), set(I1, "event/b", target("T1")),
                set(I1, "event/c", target("T1")));

        assertThat(list(SortingColumn.ID, true, 1, 0).executions()).hasSize(2);
    }

    @Test
    void listsTheExecutionsOfItsOwnInstanceOnly() {
        fx.given(addTarget(I1, "T1"), addTarget(I2, "T1"), set(I1, "request", target("T1")),
                set(I2, "event", target("T1")));

        assertThat(ids(list())).containsExactly("request");
    }
}
