package io.executions.projections.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.executions.projections.ReadModels;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The read models know neither the wiring, nor the transports, nor JDBC or JSON mapping. */
class ProjectionsLayeringTest {
    private static final JavaClasses projections = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.executions.projections");

    @Test
    void theRulesSeeTheWholeModuleSoTheyCannotPassVacuously() {
        assertThat(projections.contain(ReadModels.class)).isTrue();
        assertThat(projections.size()).isGreaterThan(15);
    }

    @Test
    void projectionsDoNotKnowTheWiring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.executions.runtime..")
                .check(projections);
    }

    @Test
    void projectionsDependOnNoTransportNorTheApplicationService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.executions.api..",
                        "io.executions.server..", "io.executions.grpc..", "com.linecorp.armeria..", "io.grpc..")
                .check(projections);
    }

    @Test
    void projectionsUseNoJdbcAndNoJsonMapping() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..",
                        "com.fasterxml.jackson..", "com.zaxxer..")
                .check(projections);
    }
}
