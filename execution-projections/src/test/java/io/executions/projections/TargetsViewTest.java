package io.executions.projections;

import io.executions.domain.api.TargetId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.executions.projections.EventDsl.I1;
import static io.executions.projections.EventDsl.I2;
import static io.executions.projections.EventDsl.addTarget;
import static io.executions.projections.EventDsl.changeTarget;
import static io.executions.projections.EventDsl.definition;
import static io.executions.projections.EventDsl.removeTarget;
import static io.executions.projections.ProjectionFixture.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Targets"): reading and searching targets. */
class TargetsViewTest {
    private final ProjectionFixture fx = new ProjectionFixture();

    @AfterEach
    void closeStore() {
        fx.close();
    }

    private TargetPage search(TargetSearch search) {
        return fx.models.searchTargets(I1, search);
    }

    private static List<String> ids(TargetPage page) {
        return page.targets().stream().map(t -> t.id().value()).toList();
    }

    @Test
    void readsALiveTargetWithItsDefinitionAndDates() {
        fx.given(addTarget(I1, "T1", "hook"));
        Instant created = fx.now();
        fx.given(changeTarget(I1, "T1", definition("renamed")));

        TargetView view = fx.models.target(I1, tid("T1")).orElseThrow();

        assertThat(view.definition()).isEqualTo(definition("renamed"));
        assertThat(view.creationDate()).isEqualTo(created);
        assertThat(view.changeDate()).isEqualTo(fx.now());
    }

    @Test
    void aDeletedOrUnknownTargetIsNotFound() {
        fx.given(addTarget(I1, "T1"), removeTarget(I1, "T1"));

        assertThat(fx.models.target(I1, tid("T1"))).isEmpty();
        assertThat(fx.models.target(I1, tid("never"))).isEmpty();
    }

    @Test
    void aTargetOfAnotherInstanceIsNotFound() {
        fx.given(addTarget(I2, "T1"));

        assertThat(fx.models.target(I1, tid("T1"))).isEmpty();
        assertThat(search(TargetSearch.all()).totalResult()).isZero();
    }

    @Test
    void searchListsLiveTargetsSortedByNameThenId() {
        fx.given(addTarget(I1, "T3", "b"), addTarget(I1, "T2", "a"), addTarget(I1, "T1", "b"),
                addTarget(I1, "T4", "c"), removeTarget(I1, "T4"));

        TargetPage page = search(TargetSearch.all());

        assertThat(page.totalResult()).isEqualTo(3);
        assertThat(ids(page)).containsExactly("T2", "T1", "T3");
    }

    @Test
    void searchByNameEquals() {
        fx.given(addTarget(I1, "T1", "hook"), addTarget(I1, "T2", "hook-2"), addTarget(I1, "T3", "Hook"));

        assertThat(ids(search(new TargetSearch("hook", TextFilterMethod.EQUALS, null, 0, 0, true))))
                .containsExactly("T1");
    }

    @Test
    void searchByNameContains() {
        fx.given(addTarget(I1, "T1", "a-hook"), addTarget(I1, "T2", "hook-b"), addTarget(I1, "T3", "other"));

        assertThat(ids(search(new TargetSearch("hook", TextFilterMethod.CONTAINS, null, 0, 0, true))))
                .containsExactly("T1", "T2");
    }

    @Test
    void searchByNameStartsWith() {
        fx.given(addTarget(I1, "T1", "a-hook"), addTarget(I1, "T2", "hook-b"));

        assertThat(ids(search(new TargetSearch("hook", TextFilterMethod.STARTS_WITH, null, 0, 0, true))))
                .containsExactly("T2");
    }

    @Test
    void searchByIds() {
        fx.given(addTarget(I1, "T1"), addTarget(I1, "T2"), addTarget(I1, "T3"));

        assertThat(ids(search(new TargetSearch(null, null, List.of(TargetId.of("T3"), TargetId.of("T1"),
                TargetId.of("T9")), 0, 0, true)))).containsExactly("T1", "T3");
    }

    @Test
    void searchPaginatesAndCountsBeforePaging() {
        fx.given(addTarget(I1, "T1", "a"), addTarget(I1, "T2", "b"), addTarget(I1, "T3", "c"));

        TargetPage page = search(new TargetSearch(null, null, null, 1, 1, true));

        assertThat(page.totalResult()).isEqualTo(3);
        assertThat(ids(page)).containsExactly("T2");
        assertThat(ids(search(new TargetSearch(null, null, null, 1, 0, false)))).containsExactly("T2", "T1");
    }

    @Test
    void theNameOfADeletedTargetCanBeReused() {
        fx.given(addTarget(I1, "T1", "hook"), removeTarget(I1, "T1"), addTarget(I1, "T2", "hook"));

        assertThat(ids(search(new TargetSearch("hook", TextFilterMethod.EQUALS, null, 0, 0, true))))
                .containsExactly("T2");
    }
}
