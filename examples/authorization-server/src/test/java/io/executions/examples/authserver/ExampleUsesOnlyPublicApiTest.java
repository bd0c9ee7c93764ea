package io.executions.examples.authserver;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example is a host like any other: it may use the library's public API (the builder and settings, the
 * domain's messages, resolution, dispatch, the admin API and its service, the gRPC adapters, the starter) and
 * nothing internal:
 * not the aggregates and policies, not the JSON mapping, not the standalone server.
 */
class ExampleUsesOnlyPublicApiTest {
    private final JavaClasses example = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.executions.examples");

    @Test
    void theRulesSeeTheExampleSoTheyCannotPassVacuously() {
        assertThat(example.contain(AuthorizationServerApplication.class)).isTrue();
        assertThat(example.contain(OAuth2ExecutionsFilter.class)).isTrue();
    }

    @Test
    void theExampleStaysOffTheLibrarysInternalPackages() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.executions.domain.command..", "io.executions.domain.policy..",
                        "io.executions.api.json..", "io.executions.server..", "io.executions.benchmarks..")
                .check(example);
    }

    @Test
    void theExampleUsesOnlyTheLibrarysPublicPackages() {
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("a library class outside the public API",
                                c -> c.getPackageName().startsWith("io.executions.")
                                        && !c.getPackageName().startsWith("io.executions.examples")
                                        && !java.util.Set.of("io.executions.runtime", "io.executions.domain.api",
                                        "io.executions.projections", "io.executions.dispatch", "io.executions.dispatch.servlet",
                                        "io.executions.api", "io.executions.api.service",
                                        "io.executions.grpc", "io.executions.spring").contains(c.getPackageName())))
                .check(example);
    }
}
