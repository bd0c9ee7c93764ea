package io.executions.runtime.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.executions.runtime.Executions;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The wiring is below every transport: nothing here depends on the application service or a transport. */
class RuntimeLayeringTest {
    private static final JavaClasses runtime = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.executions.runtime");

    @Test
    void theRulesSeeTheWholeModuleSoTheyCannotPassVacuously() {
        assertThat(runtime.contain(Executions.class)).isTrue();
        assertThat(runtime.size()).isGreaterThan(10);
    }

    @Test
    void theWiringDependsOnNoTransport() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.executions.api..",
                        "io.executions.server..", "io.executions.grpc..", "com.linecorp.armeria..", "io.grpc..",
                        "com.sun.net.httpserver..")
                .check(runtime);
    }
}
