package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.executions.server.rest.RunningServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.executions.server.rest.Contract.assertError;
import static io.executions.server.rest.Contract.assertTimestamp;
import static io.executions.server.rest.Contract.fieldNames;
import static io.executions.server.rest.RunningServer.ADMIN;
import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md ("Targets") over HTTP: the answers' exact shapes and the target errors. */
class TargetEndpointsTest {
    private static final String TARGETS = "/v2beta/actions/targets";
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.inMemory();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Answer create(String body) {
        return server.send("POST", TARGETS, ADMIN, body);
    }

    private static String body(String name, String type, String endpoint, String timeout) {
        return "{\"name\": " + quote(name) + ", " + type + ", \"endpoint\": " + quote(endpoint)
                + ", \"timeout\": " + quote(timeout) + "}";
    }

    @Test
    void createAnswersIdCreationDateAndSigningKey() {
        Answer answer = create(body(RunningServer.uniqueName("c"), "\"restCall\": {\"interruptOnError\": false}",
                "https://example.com/call", "10s"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("id", "creationDate", "signingKey");
        assertThat(answer.json().get("id").asText()).isNotBlank();
        assertTimestamp(answer.json().get("creationDate"));
        assertThat(answer.json().get("signingKey").asText()).isNotBlank();
    }

    @Test
    void getAnswersTheFullTargetWithEveryField() {
        String name = RunningServer.uniqueName("get");
        Answer created = create(body(name, "\"restWebhook\": {}", "https://example.com/get", "1.5s"));
        String id = created.json().get("id").asText();
        Answer answer = server.send("GET", TARGETS + "/" + id, ADMIN, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("target");
        JsonNode target = answer.json().get("target");
        assertThat(fieldNames(target)).containsExactly("id", "name", "restWebhook", "endpoint", "timeout",
                "creationDate", "changeDate", "signingKey");
        assertThat(target.get("id").asText()).isEqualTo(id);
        assertThat(target.get("name").asText()).isEqualTo(name);
        assertThat(target.get("restWebhook").toString()).isEqualTo("{\"interruptOnError\":false}");
        assertThat(target.get("endpoint").asText()).isEqualTo("https://example.com/get");
        assertThat(target.get("timeout").asText()).isEqualTo("1.5s");
        assertThat(target.get("creationDate")).isEqualTo(created.json().get("creationDate"));
        assertThat(target.get("changeDate")).isEqualTo(created.json().get("creationDate"));
        assertThat(target.get("signingKey")).isEqualTo(created.json().get("signingKey"));
    }

    @Test
    void updateChangesAnySubsetAndAnswersTheChangeDate() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("upd"));
        Answer answer = server.send("POST", TARGETS + "/" + id, ADMIN,
                "{\"restAsync\": {}, \"timeout\": \"20s\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("changeDate");
        assertTimestamp(answer.json().get("changeDate"));
        JsonNode target = server.send("GET", TARGETS + "/" + id, ADMIN, null).json().get("target");
        assertThat(target.get("restAsync").toString()).isEqualTo("{}");
        assertThat(target.has("restWebhook")).isFalse();
        assertThat(target.get("timeout").asText()).isEqualTo("20s");
        assertThat(target.get("endpoint").asText()).isEqualTo("https://example.com/hook");
        assertThat(target.get("changeDate")).isEqualTo(answer.json().get("changeDate"));
    }

    @Test
    void updateWithExpirationSigningKeyRotatesTheKeyAndAnswersIt() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("rot"));
        String before = server.send("GET", TARGETS + "/" + id, ADMIN, null).json().get("target")
                .get("signingKey").asText();
        Answer answer = server.send("POST", TARGETS + "/" + id, ADMIN, "{\"expirationSigningKey\": \"0s\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(fieldNames(answer.json())).containsExactly("changeDate", "signingKey");
        String after = answer.json().get("signingKey").asText();
        assertThat(after).isNotBlank().isNotEqualTo(before);
        assertThat(server.send("GET", TARGETS + "/" + id, ADMIN, null).json().get("target").get("signingKey")
                .asText()).isEqualTo(after);
    }

    @Test
    void deleteAnswersTheDeletionDateAndAgainTheFirstOne() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("del"));
        Answer first = server.send("DELETE", TARGETS + "/" + id, ADMIN, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(fieldNames(first.json())).containsExactly("deletionDate");
        assertTimestamp(first.json().get("deletionDate"));
        Answer again = server.send("DELETE", TARGETS + "/" + id, ADMIN, null);
        assertThat(again.json()).isEqualTo(first.json());
    }

    @Test
    void deletingAnIdNeverSeenAnswersTheZeroTime() {
        Answer answer = server.send("DELETE", TARGETS + "/never-seen", ADMIN, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().toString()).isEqualTo("{\"deletionDate\":\"0001-01-01T00:00:00Z\"}");
    }

    @Test
    void aDeletedTargetReadsAndUpdatesAs404() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("gone"));
        server.send("DELETE", TARGETS + "/" + id, ADMIN, null);
        assertError(server.send("GET", TARGETS + "/" + id, ADMIN, null), 404, 5, "Errors.Target.NotFound");
        assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"timeout\": \"5s\"}"),
                404, 5, "Errors.Target.NotFound");
    }

    @Test
    void aDuplicateNameIsAnswered409AndADeletedTargetsNameMayBeReused() {
        String name = RunningServer.uniqueName("dup");
        String id = server.createTarget(ADMIN, name);
        assertError(create(body(name, "\"restAsync\": {}", "https://example.com/x", "10s")),
                409, 6, "Errors.Target.AlreadyExists");
        server.send("DELETE", TARGETS + "/" + id, ADMIN, null);
        assertThat(create(body(name, "\"restAsync\": {}", "https://example.com/x", "10s")).status()).isEqualTo(200);
    }

    @Test
    void anEndpointThatIsNotAnAbsoluteHttpUrlIsAnswered400TargetInvalid() {
        assertError(create(body(RunningServer.uniqueName("bad"), "\"restAsync\": {}", "ftp://example.com", "10s")),
                400, 3, "Errors.Target.Invalid");
        assertError(create(body(RunningServer.uniqueName("bad"), "\"restAsync\": {}", "/relative", "10s")),
                400, 3, "Errors.Target.Invalid");
    }

    @Test
    void aTimeoutOfZeroOrOver270SecondsIsAnswered400TargetInvalid() {
        assertError(create(body(RunningServer.uniqueName("t0"), "\"restAsync\": {}", "https://e.com", "0s")),
                400, 3, "Errors.Target.Invalid");
        assertError(create(body(RunningServer.uniqueName("t271"), "\"restAsync\": {}", "https://e.com", "270.001s")),
                400, 3, "Errors.Target.Invalid");
        assertThat(create(body(RunningServer.uniqueName("t270"), "\"restAsync\": {}", "https://e.com", "270s"))
                .status()).isEqualTo(200);
    }

    @Test
    void aMalformedTargetBodyIsAnswered400TargetInvalid() {
        assertError(create("{\"name\": 1}"), 400, 3, "Errors.Target.Invalid");
        assertError(create(body(RunningServer.uniqueName("two"), "\"restAsync\": {}, \"restCall\": {}",
                "https://e.com", "1s")), 400, 3, "Errors.Target.Invalid");
        assertError(create(body(RunningServer.uniqueName("dur"), "\"restAsync\": {}", "https://e.com", "10")),
                400, 3, "Errors.Target.Invalid");
        assertError(create(body(RunningServer.uniqueName("async"), "\"restAsync\": {\"interruptOnError\": true}",
                "https://e.com", "1s")), 400, 3, "Errors.Target.Invalid");
        assertError(create("{\"name\": \"x\", \"restAsync\": {}, \"endpoint\": \"https://e.com\", \"timeout\": \"1s\","
                + " \"color\": \"red\"}"), 400, 3, "Errors.Target.Invalid");
    }

    @Test
    void searchFiltersByNameAndIdsAndPaginatesWithTheTotalAsAString() {
        String prefix = RunningServer.uniqueName("search");
        String a = server.createTarget(ADMIN, prefix + "-a");
        String b = server.createTarget(ADMIN, prefix + "-b");
        String c = server.createTarget(ADMIN, prefix + "-c");
        Answer byPrefix = server.send("POST", TARGETS + "/_search", ADMIN, "{\"filters\": [{\"targetNameFilter\": "
                + "{\"targetName\": " + quote(prefix) + ", \"method\": \"TEXT_FILTER_METHOD_STARTS_WITH\"}}],"
                + " \"pagination\": {\"offset\": \"1\", \"limit\": 1}}");
        assertThat(byPrefix.status()).isEqualTo(200);
        assertThat(fieldNames(byPrefix.json())).containsExactly("pagination", "targets");
        assertThat(byPrefix.json().get("pagination").toString()).isEqualTo("{\"totalResult\":\"3\"}");
        assertThat(byPrefix.json().get("targets")).hasSize(1);
        assertThat(byPrefix.json().get("targets").get(0).get("id").asText()).isEqualTo(b);

        Answer byIds = server.send("POST", TARGETS + "/_search", ADMIN, "{\"filters\": [{\"inTargetIdsFilter\": "
                + "{\"targetIds\": [" + quote(a) + ", " + quote(c) + "]}}]}");
        assertThat(byIds.json().get("pagination").get("totalResult").asText()).isEqualTo("2");
        assertThat(byIds.json().get("targets").findValuesAsText("id")).containsExactlyInAnyOrder(a, c);

        Answer exact = server.send("POST", TARGETS + "/_search", ADMIN, "{\"filters\": [{\"targetNameFilter\": "
                + "{\"targetName\": " + quote(prefix + "-c") + "}}]}");
        assertThat(exact.json().get("targets").findValuesAsText("id")).containsExactly(c);
    }

    @Test
    void searchWithNothingFoundAnswersAnEmptyList() {
        Answer answer = server.send("POST", TARGETS + "/_search", ADMIN, "{\"filters\": [{\"inTargetIdsFilter\": "
                + "{\"targetIds\": [\"none\"]}}]}");
        assertThat(answer.json().toString()).isEqualTo("{\"pagination\":{\"totalResult\":\"0\"},\"targets\":[]}");
    }

    @Test
    void aMalformedSearchIsAnswered400QueryInvalid() {
        assertError(server.send("POST", TARGETS + "/_search", ADMIN, "{\"filters\": [{\"targetNameFilter\": "
                + "{\"targetName\": \"x\", \"method\": \"TEXT_FILTER_METHOD_SOUNDS_LIKE\"}}]}"),
                400, 3, "Errors.Query.Invalid");
        assertError(server.send("POST", TARGETS + "/_search", ADMIN, "{\"pagination\": {\"limit\": -1}}"),
                400, 3, "Errors.Query.Invalid");
    }

    private static Answer search(String body) {
        Answer answer = server.send("POST", TARGETS + "/_search", ADMIN, body);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        return answer;
    }

    private static String byPrefix(String prefix, String more) {
        return "{\"filters\": [{\"targetNameFilter\": {\"targetName\": " + quote(prefix)
                + ", \"method\": \"TEXT_FILTER_METHOD_STARTS_WITH\"}}]" + more + "}";
    }

    /** Creates a target and waits (polling the clock, never sleeping) until a later creation gets a later date. */
    private static String createThenLetTheClockTick(String name) {
        String id = server.createTarget(ADMIN, name);
        Instant created = Instant.parse(server.send("GET", TARGETS + "/" + id, ADMIN, null).json().get("target")
                .get("creationDate").asText());
        while (!Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(created)) {
            Thread.onSpinWait();
        }
        return id;
    }

    @Test
    void searchWithoutASortingColumnListsTargetsInCreationOrder() {
        String prefix = RunningServer.uniqueName("order");
        String z = createThenLetTheClockTick(prefix + "-z");
        String y = createThenLetTheClockTick(prefix + "-y");
        String x = createThenLetTheClockTick(prefix + "-x");
        assertThat(search(byPrefix(prefix, "")).json().get("targets").findValuesAsText("id"))
                .containsExactly(z, y, x);
        assertThat(search(byPrefix(prefix, ", \"pagination\": {\"asc\": false}")).json().get("targets")
                .findValuesAsText("id")).containsExactly(x, y, z);
    }

    @Test
    void searchSortedByNameListsTargetsByName() {
        String prefix = RunningServer.uniqueName("byname");
        String z = createThenLetTheClockTick(prefix + "-z");
        String x = createThenLetTheClockTick(prefix + "-x");
        String y = createThenLetTheClockTick(prefix + "-y");
        assertThat(search(byPrefix(prefix, ", \"sortingColumn\": \"TARGET_FIELD_NAME_NAME\"")).json()
                .get("targets").findValuesAsText("id")).containsExactly(x, y, z);
    }

    @Test
    void searchByNameContainsMatchesAnywhereInTheName() {
        String marker = RunningServer.uniqueName("mid");
        String a = server.createTarget(ADMIN, "before-" + marker + "-after");
        server.createTarget(ADMIN, RunningServer.uniqueName("unrelated"));
        Answer answer = search("{\"filters\": [{\"targetNameFilter\": {\"targetName\": " + quote(marker)
                + ", \"method\": \"TEXT_FILTER_METHOD_CONTAINS\"}}]}");
        assertThat(answer.json().get("pagination").get("totalResult").asText()).isEqualTo("1");
        assertThat(answer.json().get("targets").findValuesAsText("id")).containsExactly(a);
    }

    @Test
    void searchByNameEqualsDoesNotMatchAPrefix() {
        String name = RunningServer.uniqueName("exact");
        String exact = server.createTarget(ADMIN, name);
        server.createTarget(ADMIN, name + "-longer");
        Answer answer = search("{\"filters\": [{\"targetNameFilter\": {\"targetName\": " + quote(name)
                + ", \"method\": \"TEXT_FILTER_METHOD_EQUALS\"}}]}");
        assertThat(answer.json().get("targets").findValuesAsText("id")).containsExactly(exact);
    }

    @Test
    void searchLeavesDeletedTargetsOut() {
        String prefix = RunningServer.uniqueName("searchdel");
        String kept = server.createTarget(ADMIN, prefix + "-kept");
        String deleted = server.createTarget(ADMIN, prefix + "-deleted");
        server.send("DELETE", TARGETS + "/" + deleted, ADMIN, null);
        Answer answer = search(byPrefix(prefix, ""));
        assertThat(answer.json().get("pagination").get("totalResult").asText()).isEqualTo("1");
        assertThat(answer.json().get("targets").findValuesAsText("id")).containsExactly(kept);
    }

    @Test
    void aRestCallTargetReadsWithInterruptOnErrorFalseSpelledOut() {
        Answer created = create(body(RunningServer.uniqueName("call"), "\"restCall\": {}", "http://e.com/x", "3s"));
        assertThat(created.status()).isEqualTo(200);
        JsonNode target = server.send("GET", TARGETS + "/" + created.json().get("id").asText(), ADMIN, null)
                .json().get("target");
        assertThat(target.get("restCall").toString()).isEqualTo("{\"interruptOnError\":false}");
    }

    @Test
    void updateMayChangeTheTypeFromAsyncToAWebhookThatInterrupts() {
        Answer created = create(body(RunningServer.uniqueName("retype"), "\"restAsync\": {}", "http://e.com/x", "3s"));
        String id = created.json().get("id").asText();
        Answer update = server.send("POST", TARGETS + "/" + id, ADMIN,
                "{\"restWebhook\": {\"interruptOnError\": true}}");
        assertThat(update.status()).isEqualTo(200);
        JsonNode target = server.send("GET", TARGETS + "/" + id, ADMIN, null).json().get("target");
        assertThat(target.get("restWebhook").toString()).isEqualTo("{\"interruptOnError\":true}");
        assertThat(target.has("restAsync")).isFalse();
    }

    @Test
    void updateMayRenameATargetToTheNameOfADeletedOne() {
        String freed = RunningServer.uniqueName("freed");
        String old = server.createTarget(ADMIN, freed);
        server.send("DELETE", TARGETS + "/" + old, ADMIN, null);
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("renamed"));
        assertThat(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"name\": " + quote(freed) + "}").status())
                .isEqualTo(200);
        assertThat(server.send("GET", TARGETS + "/" + id, ADMIN, null).json().get("target").get("name").asText())
                .isEqualTo(freed);
    }

    @Test
    void updateToTheNameOfAnotherLiveTargetIsAnswered409() {
        String taken = RunningServer.uniqueName("taken");
        server.createTarget(ADMIN, taken);
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("wants"));
        assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"name\": " + quote(taken) + "}"),
                409, 6, "Errors.Target.AlreadyExists");
    }

    @Test
    void updateWithABadEndpointOrTimeoutIsAnswered400TargetInvalid() {
        String id = server.createTarget(ADMIN, RunningServer.uniqueName("badupd"));
        assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"endpoint\": \"mailto:a@b.c\"}"),
                400, 3, "Errors.Target.Invalid");
        assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"timeout\": \"271s\"}"),
                400, 3, "Errors.Target.Invalid");
        assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"timeout\": \"0s\"}"),
                400, 3, "Errors.Target.Invalid");
    }

    @Test
    void searchWithTwoNameFiltersAnswersTheTargetsMatchingBoth() {
        String prefix = RunningServer.uniqueName("and");
        String both = server.createTarget(ADMIN, prefix + "-blue-large");
        server.createTarget(ADMIN, prefix + "-blue-small");
        server.createTarget(ADMIN, prefix + "-red-large");
        String twoFilters = "{\"filters\": [{\"targetNameFilter\": {\"targetName\": " + quote(prefix + "-blue")
                + ", \"method\": \"TEXT_FILTER_METHOD_STARTS_WITH\"}}, {\"targetNameFilter\": {\"targetName\": "
                + "\"large\", \"method\": \"TEXT_FILTER_METHOD_CONTAINS\"}}]";
        Answer answer = search(twoFilters + "}");
        assertThat(answer.json().get("pagination").get("totalResult").asText()).isEqualTo("1");
        assertThat(answer.json().get("targets").findValuesAsText("id")).containsExactly(both);
        Answer byName = search(twoFilters + ", \"sortingColumn\": \"TARGET_FIELD_NAME_NAME\"}");
        assertThat(byName.json().get("targets").findValuesAsText("id")).containsExactly(both);
    }

    @Test
    void updateWithABadBodyIsAnswered400EvenForAnUnknownOrForeignTarget() {
        String foreign = server.createTarget(RunningServer.ADMIN_I2, RunningServer.uniqueName("foreign"));
        for (String id : new String[]{"never-created", foreign}) {
            assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"name\": \"\"}"),
                    400, 3, "Errors.Target.Invalid");
            assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"endpoint\": \"not a url\"}"),
                    400, 3, "Errors.Target.Invalid");
            assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"timeout\": \"0s\"}"),
                    400, 3, "Errors.Target.Invalid");
            // a valid body still finds no target
            assertError(server.send("POST", TARGETS + "/" + id, ADMIN, "{\"timeout\": \"2s\"}"),
                    404, 5, "Errors.Target.NotFound");
        }
    }
}
