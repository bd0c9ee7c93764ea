package io.executions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.executions.dispatch.servlet.ExecutionsFilter;
import io.executions.domain.api.Condition;
import io.executions.domain.api.InstanceId;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The servlet filter end to end in a real Jetty 12 (EE10, Servlet 6) with a real target server. */
class ExecutionsFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> servletSaw = new CopyOnWriteArrayList<>();
    private TestTargets targets;
    private Engine engine;
    private TargetClient client;
    private Server jetty;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        targets = new TestTargets();
        engine = new Engine();
        client = TargetClient.builder().denyList(DenyList.none()).build();
        Dispatcher dispatcher = Dispatcher.builder().queries(engine.executions.queries()).client(client).build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                servletSaw.add(body);
                resp.setContentType("application/json");
                resp.getWriter().write("{\"userId\":\"42\",\"saw\":" + body + "}");
            }
        }), "/v2/users");
        ExecutionsFilter filter = new ExecutionsFilter(dispatcher, req -> InstanceId.of(engine.instance.value()),
                req -> req.getRequestURI().equals("/v2/users") ? Engine.METHOD : null, null);
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        client.close();
        engine.close();
        targets.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_servlet_reads_the_body_a_request_call_target_rewrote() throws Exception {
        targets.route("/rewrite", r -> TestTargets.Answer.of(200, "{\"name\":\"grace\"}"));
        engine.set(Condition.requestMethod(Engine.METHOD), Engine.call(targets.url("/rewrite"), true));

        HttpResponse<String> response = post("{\"name\":\"ada\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(servletSaw).containsExactly("{\"name\":\"grace\"}");
        assertThat(JSON.readTree(targets.received("/rewrite").get(0).body()).get("request"))
                .isEqualTo(JSON.readTree("{\"name\":\"ada\"}"));
    }

    @Test
    void an_interrupted_chain_answers_the_error_body_and_the_servlet_never_runs() throws Exception {
        engine.set(Condition.requestMethod(Engine.METHOD), Engine.webhook(targets.url("/fail"), true));

        HttpResponse<String> response = post("{\"name\":\"ada\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("code").asInt()).isEqualTo(9);
        assertThat(error.at("/details/0/message").asText()).isEqualTo("Errors.Execution.Failed");
        assertThat(error.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
        assertThat(servletSaw).isEmpty();
    }

    @Test
    void a_forwarded_403_answers_403() throws Exception {
        engine.set(Condition.requestMethod(Engine.METHOD), Engine.webhook(targets.url("/forward403"), true));

        HttpResponse<String> response = post("{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("no access for you");
    }

    @Test
    void a_response_call_target_rewrites_what_the_client_receives() throws Exception {
        targets.route("/mask", r -> TestTargets.Answer.of(200, "{\"userId\":\"***\"}"));
        engine.set(Condition.responseMethod(Engine.METHOD), Engine.call(targets.url("/mask"), true));

        HttpResponse<String> response = post("{\"name\":\"ada\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"userId\":\"***\"}"));
        JsonNode sent = JSON.readTree(targets.received("/mask").get(0).body());
        assertThat(sent.get("response")).isEqualTo(JSON.readTree("{\"userId\":\"42\",\"saw\":{\"name\":\"ada\"}}"));
    }

    @Test
    void a_request_without_an_execution_passes_through_untouched() throws Exception {
        HttpResponse<String> response = post("{\"name\":\"ada\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(servletSaw).containsExactly("{\"name\":\"ada\"}");
        assertThat(targets.received()).isEmpty();
    }
}
