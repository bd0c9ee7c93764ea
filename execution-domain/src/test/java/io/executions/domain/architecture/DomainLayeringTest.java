package io.executions.domain.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The domain module imports no JDBC, HTTP, JSON-mapping or API types. */
class DomainLayeringTest {
    private static final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.executions.domain");

    @Test
    void theRulesSeeTheWholeDomainSoTheyCannotPassVacuously() {
        assertThat(domain.containPackage("io.executions.domain.policy")).isTrue();
        assertThat(domain.contain(io.executions.domain.command.Execution.class)).isTrue();
        assertThat(domain.size()).isGreaterThan(30);
    }

    @Test
    void theDomainUsesNoJdbc() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .check(domain);
    }

    @Test
    void theDomainUsesNoHttp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "java.net.http..", "com.sun.net.httpserver..", "jakarta.servlet..", "javax.servlet..")
                .check(domain);
    }

    @Test
    void theDomainUsesNoJsonMapping() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..")
                .check(domain);
    }

    @Test
    void theDomainKnowsNothingOfTheOuterModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.executions.projections..", "io.executions.runtime..", "io.executions.api..")
                .check(domain);
    }

    @Test
    void policiesArePureAndUseNoAxon() {
        noClasses().that().resideInAPackage("io.executions.domain.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..")
                .check(domain);
    }
}
