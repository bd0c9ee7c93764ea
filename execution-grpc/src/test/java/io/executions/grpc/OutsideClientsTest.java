package io.executions.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Clients we did not write call the server with our .proto contract (its descriptor set, built by Maven):
 * {@code buf curl} (npm {@code @bufbuild/buf}) and {@code @connectrpc/connect-node}, over gRPC, gRPC-Web and
 * Connect: create a target, set an execution with an include, list it, and one rule error with its
 * {@code zitadel.v1.ErrorDetail}.
 *
 * <p>They need Node.js and the packages of {@code src/test/node} ({@code npm ci} there; {@code .ci/run} does it).
 * Without them the tests are skipped with a message, except in CI ({@code CI=true}), where they must run.
 */
class OutsideClientsTest {
    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final Path DESCRIPTORS =
            Path.of("target/generated-resources/protobuf/descriptor-sets/executions-api.binpb").toAbsolutePath();
    private static final String SVC = "{\"request\": {\"service\": \"test.v1.Svc\"}}";
    private static TestServer server;

    @BeforeAll
    static void start() {
        String missing = missingTools();
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + missing);
            }
            Assumptions.abort("skipped: " + missing + " (run 'npm ci' in execution-grpc/src/test/node with Node.js"
                    + " on the PATH; in CI (CI=true) these tests must run)");
        }
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String missingTools() {
        try {
            Result node = run(List.of("node", "--version"), null);
            if (node.exit != 0) {
                return "'node' does not run";
            }
        } catch (IOException e) {
            return "Node.js ('node') is not on the PATH";
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@connectrpc/connect-node"))
                || !Files.isDirectory(NODE_DIR.resolve("node_modules/@bufbuild/protobuf"))) {
            return "the npm packages of src/test/node are not installed";
        }
        if (!Files.exists(NODE_DIR.resolve("node_modules/.bin/buf"))) {
            return "buf (npm @bufbuild/buf) is not installed in src/test/node";
        }
        if (!Files.exists(DESCRIPTORS)) {
            return "the descriptor set " + DESCRIPTORS + " was not built";
        }
        return null;
    }

    record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(NODE_DIR.toFile());
        Path out = Files.createTempFile("outside-out", ".txt");
        Path err = Files.createTempFile("outside-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        try {
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // ---- @connectrpc/connect-node ------------------------------------------------------------------

    @ParameterizedTest(name = "connect-node over {0}")
    @ValueSource(strings = {"grpc", "grpcweb", "connect-json", "connect-binary"})
    @DisplayName("connect-node creates a target, sets an execution with an include, lists it, and reads a rule error's ErrorDetail")
    void connectNode(String protocol) throws IOException {
        Result result = run(List.of("node", "outside-clients.mjs", server.base(), DESCRIPTORS.toString(),
                TestServer.ADMIN, protocol), null);
        assertThat(result.exit).as(result.err).isZero();
        JsonNode seen = Transport.tree(result.out.strip());
        String id = seen.path("targetId").asText();
        assertThat(id).isNotEmpty();
        assertThat(seen.path("setDate").asText()).matches("\\d{4}-.*Z");
        JsonNode listed = seen.path("listed");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("targets")).isEqualTo(Transport.tree(
                "[{\"target\": \"" + id + "\"}, {\"include\": " + SVC + "}]"));
        JsonNode error = seen.path("error");
        assertThat(error.path("code").asInt()).as(result.out).isEqualTo(5);
        assertThat(error.path("message").asText()).contains("no-such-target");
        assertThat(error.path("details")).hasSize(1);
        assertThat(error.path("details").get(0).path("message").asText()).isEqualTo("Errors.Target.NotFound");
        assertThat(error.path("details").get(0).path("id").asText()).isNotEmpty();
    }

    // ---- buf curl ----------------------------------------------------------------------------------

    private static Result bufCurl(String protocol, String method, String json) throws IOException {
        List<String> command = new ArrayList<>(List.of(NODE_DIR.resolve("node_modules/.bin/buf").toString(), "curl",
                "--schema", DESCRIPTORS.toString(), "--protocol", protocol,
                "-H", "Authorization: Bearer " + TestServer.ADMIN, "-d", json));
        if (protocol.equals("grpc")) {
            command.add("--http2-prior-knowledge");
        }
        command.add(server.base() + "/zitadel.action.v2beta.ActionService/" + method);
        return run(command, null);
    }

    @ParameterizedTest(name = "buf curl --protocol {0}")
    @ValueSource(strings = {"grpc", "grpcweb", "connect"})
    @DisplayName("buf curl creates a target, sets an execution with an include, lists it, and shows a rule error's ErrorDetail")
    void bufCurl(String protocol) throws IOException {
        Result created = bufCurl(protocol, "CreateTarget", "{\"name\": \"buf-" + protocol + "\", \"restAsync\": {}, "
                + "\"endpoint\": \"https://example.com/buf\", \"timeout\": \"5s\"}");
        assertThat(created.exit).as(created.err).isZero();
        String id = Transport.tree(created.out).path("id").asText();
        assertThat(id).isNotEmpty();
        String condition = "{\"request\": {\"method\": \"/test.v1.Svc/M151\"}}";
        Result service = bufCurl(protocol, "SetExecution", "{\"condition\": " + SVC + ", \"targets\": [{\"target\": \""
                + id + "\"}]}");
        assertThat(service.exit).as(service.err).isZero();
        Result set = bufCurl(protocol, "SetExecution", "{\"condition\": " + condition + ", \"targets\": [{\"target\": \""
                + id + "\"}, {\"include\": " + SVC + "}]}");
        assertThat(set.exit).as(set.err).isZero();
        assertThat(Transport.tree(set.out).path("setDate").asText()).matches("\\d{4}-.*Z");
        Result listed = bufCurl(protocol, "ListExecutions", "{\"filters\": [{\"inConditionsFilter\": {\"conditions\": ["
                + condition + "]}}]}");
        assertThat(listed.exit).as(listed.err).isZero();
        JsonNode executions = Transport.tree(listed.out).path("executions");
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).path("targets")).isEqualTo(Transport.tree(
                "[{\"target\": \"" + id + "\"}, {\"include\": " + SVC + "}]"));

        Result error = bufCurl(protocol, "SetExecution", "{\"condition\": " + condition
                + ", \"targets\": [{\"target\": \"no-such-target\"}]}");
        assertThat(error.exit).as(error.out + error.err).isNotZero();
        JsonNode body = Transport.tree(error.err.substring(error.err.indexOf('{')));
        assertThat(body.path("code").asText()).as(error.err).isEqualTo("not_found");
        JsonNode detail = body.path("details").path(0);
        assertThat(detail.path("type").asText()).as(error.err).isEqualTo("zitadel.v1.ErrorDetail");
        // buf curl shows the detail's bytes (unpadded base64); decode them with our generated type
        String value = detail.path("value").asText();
        io.executions.grpc.proto.zitadel.v1.ErrorDetail decoded = io.executions.grpc.proto.zitadel.v1.ErrorDetail
                .parseFrom(java.util.Base64.getDecoder().decode(value + "===".substring(0, (4 - value.length() % 4) % 4)));
        assertThat(decoded.getMessage()).as(error.err).isEqualTo("Errors.Target.NotFound");
        assertThat(decoded.getId()).isNotEmpty();
    }
}
