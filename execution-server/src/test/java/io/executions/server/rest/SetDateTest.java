package io.executions.server.rest;

import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.freshMethod;
import static io.executions.server.rest.RunningServer.quote;
import static io.executions.server.rest.RunningServer.requestMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Checks of a call"), "Then": which event a SetExecution writes and the {@code setDate} it answers. */
class SetDateTest {
    private static SettableClock clock;
    private static RunningServer server;
    private static String target;

    @BeforeAll
    static void start() {
        clock = new SettableClock(Instant.parse("2030-05-06T07:08:09.010Z"));
        server = RunningServer.inMemory(clock, 0);
        target = server.createTarget(ADMIN, "set-date-target");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Answer setAt(String when, String condition, String entries) {
        clock.set(Instant.parse(when));
        Answer answer = server.setExecution(ADMIN, condition, entries);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        return answer;
    }

    private static String targets() {
        return "[" + quote(target) + "]";
    }

    @Test
    void aWrittenListAnswersTheTimeOfItsEventInUtcWithMilliseconds() {
        Answer answer = setAt("2030-05-06T07:08:09.123Z", requestMethod(freshMethod()), targets());
        assertThat(answer.json().toString()).isEqualTo("{\"setDate\":\"2030-05-06T07:08:09.123Z\"}");
    }

    @Test
    void theSameListAgainAnswersTheTimeOfTheLastChangeAndWritesNothing() {
        String condition = requestMethod(freshMethod());
        setAt("2030-05-06T07:08:10.000Z", condition, targets());
        long events = server.engine.eventCount();
        Answer again = setAt("2030-05-06T07:08:11.000Z", condition, targets());
        assertThat(again.json().get("setDate").asText()).isEqualTo("2030-05-06T07:08:10.000Z");
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void anEmptyListOnASetExecutionWritesAClearingAndAnswersItsTime() {
        String condition = requestMethod(freshMethod());
        setAt("2030-05-06T07:08:12.000Z", condition, targets());
        Answer cleared = setAt("2030-05-06T07:08:13.000Z", condition, "[]");
        assertThat(cleared.json().get("setDate").asText()).isEqualTo("2030-05-06T07:08:13.000Z");
        Answer history = server.history(ADMIN, condition);
        assertThat(history.json().get("changes").findValuesAsText("kind")).containsExactly("SET", "CLEARED");
    }

    @Test
    void anEmptyListOnAClearedExecutionAnswersTheTimeOfTheClearingAndWritesNothing() {
        String condition = requestMethod(freshMethod());
        setAt("2030-05-06T07:08:14.000Z", condition, targets());
        setAt("2030-05-06T07:08:15.000Z", condition, "[]");
        long events = server.engine.eventCount();
        Answer again = setAt("2030-05-06T07:08:16.000Z", condition, "[]");
        assertThat(again.json().get("setDate").asText()).isEqualTo("2030-05-06T07:08:15.000Z");
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }

    @Test
    void anEmptyListOnANeverSetExecutionAnswersTheZeroTimeAndWritesNothing() {
        String condition = requestMethod(freshMethod());
        long events = server.engine.eventCount();
        Answer answer = setAt("2030-05-06T07:08:17.000Z", condition, "[]");
        assertThat(answer.json().toString()).isEqualTo("{\"setDate\":\"0001-01-01T00:00:00Z\"}");
        assertThat(server.engine.eventCount()).isEqualTo(events);
        assertThat(server.history(ADMIN, condition).json().toString()).isEqualTo("{\"changes\":[]}");
    }

    @Test
    void aMissingTargetsOnANeverSetExecutionIsTheEmptyListAndAnswersTheZeroTime() {
        clock.set(Instant.parse("2030-05-06T07:08:18.000Z"));
        Answer answer = server.send("PUT", "/v2beta/actions/executions", ADMIN,
                "{\"condition\": " + requestMethod(freshMethod()) + "}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().toString()).isEqualTo("{\"setDate\":\"0001-01-01T00:00:00Z\"}");
    }

    @Test
    void aDifferentOrderOfTheSameEntriesIsAChange() {
        String other = server.createTarget(ADMIN, RunningServer.uniqueName("order"));
        String condition = requestMethod(freshMethod());
        setAt("2030-05-06T07:08:19.000Z", condition, "[" + quote(target) + ", " + quote(other) + "]");
        Answer swapped = setAt("2030-05-06T07:08:20.000Z", condition, "[" + quote(other) + ", " + quote(target) + "]");
        assertThat(swapped.json().get("setDate").asText()).isEqualTo("2030-05-06T07:08:20.000Z");
    }
}
