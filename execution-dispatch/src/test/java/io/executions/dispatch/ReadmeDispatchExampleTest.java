package io.executions.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's dispatch example, kept compiling and running: a host runs one method's targets, and a local
 * webhook verifies the signature with {@link SignatureVerifier}.
 */
class ReadmeDispatchExampleTest {
    private final List<String> webhookOutput = new CopyOnWriteArrayList<>();

    @Test
    void the_host_runs_its_targets_and_the_webhook_verifies_the_signature() throws Exception {
        AtomicReference<String> signingKey = new AtomicReference<>();
        // tag::webhook[]
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/audit", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = SignatureVerifier.withDefaults().isValid(
                    exchange.getRequestHeaders().getFirst("ZITADEL-Signature"), body, signingKey.get());
            webhookOutput.add("webhook: signature " + (valid ? "valid" : "INVALID") + ", delivery "
                    + exchange.getRequestHeaders().getFirst("X-Executions-Delivery") + ", body "
                    + new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(valid ? 200 : 401, -1);
            exchange.close();
        });
        webhook.start();
        // end::webhook[]
        int port = webhook.getAddress().getPort();
        try {
            // tag::dispatch[]
            try (Executions executions = Executions.builder().storage(StorageConfig.memory())
                    .catalog(new StaticCatalog(Map.of("zitadel.session.v2.SessionService", List.of("ListSessions")),
                            List.of(), List.of()))
                    .build();
                 // one pooled HTTP client per host; the default deny list refuses loopback, so allow it here
                 TargetClient http = TargetClient.builder().denyList(DenyList.none()).build()) {
                InstanceId instance = InstanceId.of("default");
                signingKey.set(executions.createTarget(new CreateTarget(instance, TargetId.of("audit"), "audit-log",
                        TargetType.REST_WEBHOOK, true, "http://127.0.0.1:" + port + "/audit", Duration.ofSeconds(5),
                        "admin")).signingKey());
                executions.setExecution(new SetExecution(instance,
                        Condition.requestService("zitadel.session.v2.SessionService"),
                        List.of(Entry.target("audit")), "admin"));
                Dispatcher dispatcher = Dispatcher.builder().queries(executions.queries()).client(http).build();

                // on an API call of the host, before its handler:
                ChainResult result = dispatcher.request(instance,
                        CallContext.of("/zitadel.session.v2.SessionService/ListSessions"),
                        new ObjectMapper().readTree("{\"query\":{\"limit\":10}}")).join();
                if (result.interrupted()) {
                    // fail the API call with result.failure().grpcCode() / .httpStatus() and its message
                }
                result.calls().forEach(call -> System.out.println(call.name() + ": " + call.call().outcome()));
                // end::dispatch[]
                assertThat(result.interrupted()).isFalse();
                assertThat(result.calls()).extracting(c -> c.call().outcome()).containsExactly(Outcome.OK);
            }
        } finally {
            webhook.stop(0);
        }
        assertThat(webhookOutput).hasSize(1);
        assertThat(webhookOutput.get(0)).startsWith("webhook: signature valid, delivery ")
                .contains("\"fullMethod\":\"/zitadel.session.v2.SessionService/ListSessions\"");
        System.out.println(webhookOutput.get(0));
    }
}
