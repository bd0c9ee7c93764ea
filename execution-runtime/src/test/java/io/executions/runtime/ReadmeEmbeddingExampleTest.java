package io.executions.runtime;

import io.executions.domain.api.Catalog;
import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;
import io.executions.projections.Resolution;
import io.executions.projections.ResolveQuery;
import io.executions.projections.ResolvedTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the embedding example of README.md compiling, running and identical to the README's text. */
class ReadmeEmbeddingExampleTest {
    private final List<String> called = new ArrayList<>();

    private void callWebhook(ResolvedTarget target) {
        called.add(target.definition().endpoint());
    }

    void embed(Path dataDir) {
        // tag::embed[]
        Catalog catalog = new StaticCatalog(
                Map.of("zitadel.session.v2.SessionService", List.of("ListSessions", "GetSession")),
                List.of("user.human.added"), List.of("preuserinfo"));
        try (Executions executions = Executions.builder()
                .storage(StorageConfig.h2(dataDir.resolve("executions")))
                .catalog(catalog)
                .build()) {
            InstanceId instance = InstanceId.of("default");
            executions.createTarget(new CreateTarget(instance, TargetId.of("audit"), "audit-log",
                    TargetType.REST_WEBHOOK, true, "https://hooks.example.com/audit", Duration.ofSeconds(10),
                    "admin"));
            executions.setExecution(new SetExecution(instance,
                    Condition.requestService("zitadel.session.v2.SessionService"),
                    List.of(Entry.target("audit")), "admin"));

            // which targets an API call of the host runs: no database, no deserialization
            // (to run them, signed and with the contract's semantics, use the Dispatcher below)
            Resolution resolution = executions.queries().resolve(instance,
                    ResolveQuery.request("/zitadel.session.v2.SessionService/ListSessions"));
            resolution.targets().forEach(this::callWebhook);
        }
        // end::embed[]
    }

    @Test
    void theReadmeExampleRunsAndResolvesTheServiceExecution(@TempDir Path dir) {
        embed(dir);
        assertThat(called).containsExactly("https://hooks.example.com/audit");
    }

    @Test
    void theReadmeShowsExactlyThisExample() throws IOException {
        Path source = Path.of("src/test/java/io/executions/runtime/ReadmeEmbeddingExampleTest.java");
        List<String> lines = Files.readAllLines(source);
        int from = indexOf(lines, "// tag::embed[]") + 1;
        int to = indexOf(lines, "// end::embed[]");
        String snippet = lines.subList(from, to).stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains(snippet);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker " + marker + " is missing");
    }
}
