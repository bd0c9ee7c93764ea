package io.executions.api.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.executions.api.ExecutionsHttpApi;
import io.executions.api.service.ActionService;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One application service, transports over it: the service knows no transport, the REST adapter reaches the
 * engine only through the service, and nothing depends on a transport.
 */
class ApiLayeringTest {
    private static final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.executions.api");

    @Test
    void theRulesSeeTheWholeModuleSoTheyCannotPassVacuously() {
        assertThat(api.contain(ActionService.class)).isTrue();
        assertThat(api.contain(ExecutionsHttpApi.class)).isTrue();
        assertThat(api.containPackage("io.executions.api.json")).isTrue();
    }

    @Test
    void theApplicationServiceKnowsNoTransportAndNoWireFormat() {
        // A JSON tree (JsonNode) is allowed as a value: an invocation's payload is JSON on every transport
        // (docs/dispatch.md; gRPC carries it as a Struct). Parsing, mapping and rendering stay out.
        com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> wireFormats =
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage("io.executions.api.json..",
                                "com.fasterxml.jackson..", "io.executions.server..", "io.executions.grpc..",
                                "com.linecorp.armeria..", "io.grpc..", "com.google.protobuf..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                                        com.fasterxml.jackson.databind.JsonNode.class)));
        noClasses().that().resideInAPackage("io.executions.api.service..")
                .should().dependOnClassesThat(wireFormats)
                .orShould().dependOnClassesThat().belongToAnyOf(ExecutionsHttpApi.class)
                .check(api);
    }

    @Test
    void theRestAdapterReachesTheEngineOnlyThroughTheApplicationService() {
        // the convenience constructors may take an Executions to build the service; no call goes past it
        noClasses().that().belongToAnyOf(ExecutionsHttpApi.class)
                .or().resideInAPackage("io.executions.api.json..")
                .should().accessClassesThat().resideInAnyPackage("io.executions.runtime..")
                .orShould().dependOnClassesThat().haveSimpleName("SetExecution")
                .orShould().dependOnClassesThat().haveSimpleName("CreateTarget")
                .orShould().dependOnClassesThat().haveSimpleName("UpdateTarget")
                .orShould().dependOnClassesThat().haveSimpleName("DeleteTarget")
                .orShould().dependOnClassesThat().haveSimpleName("ExecutionQueries")
                .check(api);
    }

    @Test
    void nothingDependsOnTheRestAdapter() {
        noClasses().that().doNotBelongToAnyOf(ExecutionsHttpApi.class)
                .and().resideOutsideOfPackage("io.executions.api.json..")
                .should().dependOnClassesThat().belongToAnyOf(ExecutionsHttpApi.class)
                .check(api);
    }

    @Test
    void theApiModuleDependsOnNoServerOrTransportModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.executions.server..",
                        "io.executions.grpc..", "com.linecorp.armeria..", "io.grpc..", "com.sun.net.httpserver..")
                .check(api);
    }
}
