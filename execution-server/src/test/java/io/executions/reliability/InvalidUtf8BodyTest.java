package io.executions.reliability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body that is not UTF-8 is not well-formed JSON (docs/contract.md ("Checks of a call"), rule 4), even where the JSON parser
 * would let the bytes through (code points above U+10FFFF, overlong forms).
 * Found by {@link HostileInputTest}: such a target was stored.
 */
class InvalidUtf8BodyTest {
    private static InProcessServer server;

    @BeforeAll
    static void start() {
        server = InProcessServer.start(TestConfig.json(TestConfig.memoryStorage(), false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {"eda080", "edbfbf", "f4908080", "c0af", "e08080", "ff", "c3"})
    void aTargetWhoseEndpointHoldsBytesThatAreNotUtf8IsRefusedAndNothingIsWritten(String hex) {
        long events = server.engine.eventCount();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"name\": \"utf8-" + hex + "\", \"restAsync\": {}, \"endpoint\": \"https://example.com/")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(HexFormat.of().parseHex(hex));
        body.writeBytes("\", \"timeout\": \"10s\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Http.Answer answer = server.http.sendBytes("POST", "/v2beta/actions/targets", "Bearer " + TestConfig.ADMIN,
                body.toByteArray());

        Http.assertError(answer, 400, 3, "Errors.Target.Invalid", "bytes " + hex);
        assertThat(server.engine.eventCount()).isEqualTo(events);
    }
}
