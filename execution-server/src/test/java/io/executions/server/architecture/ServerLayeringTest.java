package io.executions.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.executions.server.ExecutionServer;
import io.executions.server.TransportModule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's transports reach the engine only through the application service; the CLI and the config are
 * the composition root; nothing below depends on the server.
 */
class ServerLayeringTest {
    private static final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.executions");

    @Test
    void theRulesSeeEveryModuleSoTheyCannotPassVacuously() {
        assertThat(all.contain(ExecutionServer.class)).isTrue();
        assertThat(all.containPackage("io.executions.server.cli")).isTrue();
        assertThat(all.containPackage("io.executions.api.service")).isTrue();
        assertThat(all.containPackage("io.executions.runtime")).isTrue();
        assertThat(all.containPackage("io.executions.projections")).isTrue();
    }

    @Test
    void theServerAndItsTransportsDoNotCallTheEngine() {
        noClasses().that().belongToAnyOf(ExecutionServer.class, TransportModule.class)
                .should().accessClassesThat().resideInAnyPackage("io.executions.runtime..",
                        "io.executions.projections..")
                .check(all);
    }

    @Test
    void nothingBelowTheServerDependsOnIt() {
        noClasses().that().resideInAnyPackage("io.executions.domain..", "io.executions.projections..",
                        "io.executions.runtime..", "io.executions.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.executions.server..",
                        "com.linecorp.armeria..")
                .check(all);
    }

    @Test
    void theServerDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("io.executions.server")
                .should().dependOnClassesThat().resideInAnyPackage("io.executions.server.cli..")
                .check(all);
    }
}
