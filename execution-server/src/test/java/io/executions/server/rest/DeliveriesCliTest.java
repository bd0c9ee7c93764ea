package io.executions.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.server.cli.Main;
import io.executions.server.ServerConfig;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import io.executions.domain.api.HostEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.executions.server.rest.RunningServer.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code deliveries list|retry} on an H2 store, through the same service as the REST routes. */
class DeliveriesCliTest {
    @TempDir
    Path dir;

    @Test
    void deliveriesListShowsTheLogAndRetryPutsADeadDeliveryBackToPending() throws Exception {
        Path store = dir.resolve("store");
        String json = RunningServer.configJson("{\"type\": \"h2\", \"path\": " + quote(store.toString()) + "}",
                "127.0.0.1:0");
        json = json.substring(0, json.length() - 1) + ", \"delivery\": {\"maxAttempts\": 1, \"initialBackoff\": "
                + "\"0.01s\", \"maxBackoff\": \"0.01s\", \"pollInterval\": \"20ms\"}, \"dispatch\": {\"denyList\": []}}";
        Path config = dir.resolve("config.json");
        Files.writeString(config, json);
        ServerConfig cfg = ServerConfig.load(config);
        InstanceId i1 = InstanceId.of("i1");
        // a target nobody listens on: the one attempt fails, the delivery is dead
        try (Executions engine = cfg.serverEngineBuilder(new io.executions.runtime.HttpDeliverySender()).build()) {
            engine.createTarget(new CreateTarget(i1, TargetId.of("T1"), "t1", TargetType.REST_WEBHOOK, false,
                    "http://127.0.0.1:9/closed", Duration.ofSeconds(1), "u1"));
            engine.setExecution(new SetExecution(i1, Condition.event("user.human.added"), List.of(Entry.target("T1")),
                    "u1"));
            engine.deliveries().publish(i1, HostEvent.of("user.human.added"), "u1");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (engine.deliveries().search(i1, io.executions.projections.DeliverySearch.all()).deliveries().get(0)
                    .status() != io.executions.domain.api.DeliveryStatus.DEAD) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        Run list = runCli("deliveries", "list", "--config", config.toString(), "--instance", "i1", "--status", "DEAD",
                "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode page = new ObjectMapper().readTree(list.out());
        assertThat(page.get("pagination").get("totalResult").asText()).isEqualTo("1");
        String id = page.get("deliveries").get(0).get("id").asText();

        Run retry = runCli("deliveries", "retry", "--config", config.toString(), "--instance", "i1", id);
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("PENDING");
        Run table = runCli("deliveries", "list", "--config", config.toString(), "--instance", "i1");
        assertThat(table.out()).contains(id).contains("PENDING").contains("1 deliveries");
        Run unknown = runCli("deliveries", "retry", "--config", config.toString(), "--instance", "i1", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("not found");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static synchronized Run runCli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
