package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract.md ("Reading"), ListExecutions: sorting, pagination, filters, {@code at}, and which executions and entries
 * are listed. Each test works in an instance of its own on a server whose clock the test sets, so totals
 * and dates are exact.
 */
class ListExecutionsEndpointTest {
    private static final String SEARCH = "/v2beta/actions/executions/_search";
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.000Z");
    private static final Instant T1 = Instant.parse("2030-01-02T03:04:06.000Z");
    private static final Instant T2 = Instant.parse("2030-01-02T03:04:07.000Z");
    private static final Instant T3 = Instant.parse("2030-01-02T03:04:08.000Z");

    private static final int INSTANCES = 20;
    private static final AtomicInteger NEXT_INSTANCE = new AtomicInteger();
    private static SettableClock clock;
    private static RunningServer server;
    private String admin;
    private String target;

    @BeforeAll
    static void startServer() {
        clock = new SettableClock(T0);
        server = RunningServer.inMemory(clock, INSTANCES);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void takeAnEmptyInstance() {
        admin = RunningServer.spareAdmin(NEXT_INSTANCE.getAndIncrement());
        clock.set(T0);
        target = server.createTarget(admin, "list-target");
    }

    private static String method(int n) {
        return requestMethod("/" + RunningServer.SERVICE + "/M" + n);
    }

    private static String id(int n) {
        return "request/" + RunningServer.SERVICE + "/M" + n;
    }

    private void setAt(Instant when, String condition, String entries) {
        clock.set(when);
        Answer answer = server.setExecution(admin, condition, entries);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
    }

    private String targets() {
        return "[" + quote(target) + "]";
    }

    private Answer search(String body) {
        Answer answer = server.send("POST", SEARCH, admin, body);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        return answer;
    }

    /** The §2 ids of the listed executions, rebuilt from their request-method conditions. */
    private static List<String> ids(Answer answer) {
        List<String> ids = new ArrayList<>();
        for (JsonNode execution : answer.json().get("executions")) {
            JsonNode condition = execution.get("condition");
            String type = condition.fieldNames().next();
            JsonNode choice = condition.get(type);
            if (choice.has("method")) {
                ids.add(type + choice.get("method").asText());
            } else if (choice.has("service")) {
                ids.add(type + "/" + choice.get("service").asText());
            } else if (choice.has("group")) {
                ids.add(type + "/" + choice.get("group").asText() + ".*");
            } else if (choice.has("event")) {
                ids.add(type + "/" + choice.get("event").asText());
            } else if (choice.has("name")) {
                ids.add(type + "/" + choice.get("name").asText());
            } else {
                ids.add(type);
            }
        }
        return ids;
    }

    @Test
    void withoutASortingColumnTheOrderIsCreationDateAscendingWithTiesByIdAscending() {
        setAt(T0, method(2), targets());
        setAt(T0, method(1), targets());
        setAt(T1, method(0), targets());
        assertThat(ids(search("{}"))).containsExactly(id(1), id(2), id(0));
    }

    @Test
    void descendingReversesTheColumnAndTheTieBreakingIdAlike() {
        setAt(T0, method(2), targets());
        setAt(T0, method(1), targets());
        setAt(T1, method(0), targets());
        assertThat(ids(search("{\"pagination\": {\"asc\": false}}"))).containsExactly(id(0), id(2), id(1));
    }

    @Test
    void ascDefaultsToTrueWhenThePaginationOmitsIt() {
        setAt(T1, method(1), targets());
        setAt(T0, method(2), targets());
        assertThat(ids(search("{\"pagination\": {\"limit\": 0}}"))).containsExactly(id(2), id(1));
    }

    @Test
    void sortingByChangedDateUsesTheLastChange() {
        setAt(T0, method(1), targets());
        setAt(T1, method(2), targets());
        setAt(T2, method(1), "[]");
        setAt(T3, method(1), targets());
        assertThat(ids(search("{\"sortingColumn\": \"EXECUTION_FIELD_NAME_CHANGED_DATE\"}")))
                .containsExactly(id(2), id(1));
        assertThat(ids(search("{\"sortingColumn\": \"EXECUTION_FIELD_NAME_CREATED_DATE\"}")))
                .containsExactly(id(1), id(2));
    }

    @Test
    void sortingByIdOrdersTheSection2Ids() {
        setAt(T0, "{\"event\": {\"all\": true}}", targets());
        setAt(T1, "{\"function\": {\"name\": \"preuserinfo\"}}", targets());
        setAt(T2, method(1), targets());
        setAt(T3, "{\"event\": {\"group\": \"user.human\"}}", targets());
        assertThat(ids(search("{\"sortingColumn\": \"EXECUTION_FIELD_NAME_ID\"}")))
                .containsExactly("event", "event/user.human.*", "function/preuserinfo", id(1));
    }

    @Test
    void offsetAndLimitPageTheResultAndTheTotalIsCountedBeforeThemAsAString() {
        setAt(T0, method(1), targets());
        setAt(T1, method(2), targets());
        setAt(T2, method(3), targets());
        Answer page = search("{\"pagination\": {\"offset\": 1, \"limit\": 1}}");
        assertThat(page.json().get("pagination").toString()).isEqualTo("{\"totalResult\":\"3\"}");
        assertThat(ids(page)).containsExactly(id(2));
        assertThat(ids(search("{\"pagination\": {\"offset\": \"2\", \"limit\": \"0\"}}"))).containsExactly(id(3));
        Answer beyond = search("{\"pagination\": {\"offset\": 5}}");
        assertThat(beyond.json().toString()).isEqualTo("{\"pagination\":{\"totalResult\":\"3\"},\"executions\":[]}");
    }

    @Test
    void theCreationDateIsTheFirstSetEvenAfterAClear() {
        setAt(T0, method(1), targets());
        setAt(T1, method(1), "[]");
        setAt(T2, method(1), targets());
        JsonNode execution = search("{}").json().get("executions").get(0);
        assertThat(execution.get("creationDate").asText()).isEqualTo("2030-01-02T03:04:05.000Z");
        assertThat(execution.get("changeDate").asText()).isEqualTo("2030-01-02T03:04:07.000Z");
    }

    @Test
    void aClearedExecutionIsNotListed() {
        setAt(T0, method(1), targets());
        setAt(T1, method(1), "[]");
        assertThat(search("{}").json().toString())
                .isEqualTo("{\"pagination\":{\"totalResult\":\"0\"},\"executions\":[]}");
    }

    @Test
    void deletingATargetLeavesItOutOfTheListedEntriesWithoutAnExecutionEvent() {
        String other = server.createTarget(admin, "list-other");
        setAt(T0, method(1), "[" + quote(other) + ", " + quote(target) + "]");
        Answer historyBefore = server.history(admin, method(1));
        long events = server.engine.eventCount();
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + other, admin, null).status()).isEqualTo(200);
        assertThat(server.engine.eventCount()).as("only the TargetRemoved event").isEqualTo(events + 1);
        assertThat(server.history(admin, method(1)).json()).isEqualTo(historyBefore.json());
        JsonNode execution = search("{}").json().get("executions").get(0);
        assertThat(execution.get("targets").toString()).isEqualTo("[{\"target\":" + quote(target) + "}]");
    }

    @Test
    void anExecutionWhoseTargetsWereAllDeletedIsNotListed() {
        setAt(T0, method(1), targets());
        assertThat(server.send("DELETE", "/v2beta/actions/targets/" + target, admin, null).status()).isEqualTo(200);
        assertThat(search("{}").json().get("pagination").get("totalResult").asText()).isEqualTo("0");
    }

    @Test
    void executionTypeFilterKeepsOnlyThatType() {
        setAt(T0, method(1), targets());
        setAt(T1, "{\"response\": {\"all\": true}}", targets());
        setAt(T2, "{\"event\": {\"event\": \"user.human.added\"}}", targets());
        setAt(T3, "{\"function\": {\"name\": \"preuserinfo\"}}", targets());
        assertThat(ids(search(typeFilter("EXECUTION_TYPE_REQUEST")))).containsExactly(id(1));
        assertThat(ids(search(typeFilter("EXECUTION_TYPE_RESPONSE")))).containsExactly("response");
        assertThat(ids(search(typeFilter("EXECUTION_TYPE_EVENT")))).containsExactly("event/user.human.added");
        assertThat(ids(search(typeFilter("EXECUTION_TYPE_FUNCTION")))).containsExactly("function/preuserinfo");
    }

    private static String typeFilter(String type) {
        return "{\"filters\": [{\"executionTypeFilter\": {\"executionType\": \"" + type + "\"}}]}";
    }

    @Test
    void includeFilterMatchesOnlyExecutionsThatIncludeTheConditionDirectly() {
        setAt(T0, method(1), targets());
        setAt(T1, method(2), "[{\"include\": " + method(1) + "}]");
        setAt(T2, method(3), "[{\"include\": " + method(2) + "}]");
        Answer answer = search("{\"filters\": [{\"includeFilter\": {\"include\": " + method(1) + "}}]}");
        assertThat(ids(answer)).containsExactly(id(2));
    }

    @Test
    void inConditionsFilterMatchesTheGivenConditionsAndAcceptsAGroupWithTrailingDotStar() {
        setAt(T0, method(1), targets());
        setAt(T1, method(2), targets());
        setAt(T2, "{\"event\": {\"group\": \"user.human\"}}", targets());
        Answer answer = search("{\"filters\": [{\"inConditionsFilter\": {\"conditions\": [" + method(2)
                + ", {\"event\": {\"group\": \"user.human.*\"}}]}}]}");
        assertThat(ids(answer)).containsExactly(id(2), "event/user.human.*");
    }

    @Test
    void filtersAreAndCombined() {
        setAt(T0, method(1), targets());
        setAt(T1, method(2), "[{\"include\": " + method(1) + "}]");
        setAt(T2, "{\"function\": {\"name\": \"preuserinfo\"}}", "[{\"include\": " + method(1) + "}]");
        Answer answer = search("{\"filters\": [{\"includeFilter\": {\"include\": " + method(1) + "}}, "
                + "{\"executionTypeFilter\": {\"executionType\": \"EXECUTION_TYPE_FUNCTION\"}}]}");
        assertThat(ids(answer)).containsExactly("function/preuserinfo");
    }

    @Test
    void atAnswersTheListingAsOfThatInstant() {
        String other = server.createTarget(admin, "list-at");
        setAt(T1, method(1), targets());
        setAt(T2, method(1), "[" + quote(other) + "]");
        Answer before = search("{\"at\": \"2030-01-02T03:04:05.500Z\"}");
        assertThat(before.json().get("executions")).isEmpty();
        Answer then = search("{\"at\": \"2030-01-02T03:04:06.500Z\"}");
        JsonNode execution = then.json().get("executions").get(0);
        assertThat(execution.get("targets").toString()).isEqualTo("[{\"target\":" + quote(target) + "}]");
        assertThat(execution.get("changeDate").asText()).isEqualTo("2030-01-02T03:04:06.000Z");
        Answer now = search("{}");
        assertThat(now.json().get("executions").get(0).get("targets").toString())
                .isEqualTo("[{\"target\":" + quote(other) + "}]");
    }

    @Test
    void withoutATargetFilterTheResultsCarryNoDirectField() {
        setAt(T0, method(1), targets());
        JsonNode execution = search("{}").json().get("executions").get(0);
        assertThat(Contract.fieldNames(execution)).containsExactly("condition", "creationDate", "changeDate", "targets");
    }
}
