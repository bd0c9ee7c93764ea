package io.executions.api.service;

import io.executions.api.Caller;
import io.executions.api.InstanceFeatures;
import io.executions.api.Permissions;
import io.executions.domain.api.Condition;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.StaticCatalog;
import io.executions.projections.ReadModels;
import io.executions.projections.ResolveQuery;
import io.executions.runtime.Executions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application service applies rules 1 to 3 in their order, for the operation, not for a transport. */
class ActionServiceTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final InstanceId OFF = InstanceId.of("off");
    private static Executions engine;
    private static ActionService service;

    @BeforeAll
    static void start() {
        engine = Executions.builder()
                .catalog(new StaticCatalog(Map.of("a.b.S", List.of("M")), List.of("user.human.added"),
                        List.of("preuserinfo")))
                .readSide(ReadModels::new)
                .build();
        service = new ActionService(engine, header -> switch (String.valueOf(header)) {
            case "Bearer admin" -> Optional.of(new Caller(I1, "admin", Permissions.ALL));
            case "Bearer reader" -> Optional.of(new Caller(I1, "reader", Set.of(Permissions.EXECUTION_READ)));
            case "Bearer off" -> Optional.of(new Caller(OFF, "off", Permissions.ALL));
            default -> Optional.empty();
        }, instance -> !instance.equals(OFF));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void anUnknownTokenIsRule1EvenWithoutThePermissionOrTheFeature() {
        assertThatThrownBy(() -> service.begin("Bearer nobody", Operation.SET_EXECUTION))
                .isInstanceOfSatisfying(ServiceError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.grpcCode()).isEqualTo(16);
                    assertThat(e.errorId()).isEqualTo("API-TOKEN");
                });
    }

    @Test
    void aMissingPermissionIsRule2BeforeTheFeature() {
        assertThatThrownBy(() -> service.begin("Bearer reader", Operation.CREATE_TARGET))
                .isInstanceOfSatisfying(ServiceError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.grpcCode()).isEqualTo(7);
                    assertThat(e.errorId()).isEqualTo("API-PERMISSION");
                });
    }

    @Test
    void anInstanceWithoutTheActionsFeatureIsRule3() {
        assertThatThrownBy(() -> service.begin("Bearer off", Operation.LIST_FUNCTIONS))
                .isInstanceOfSatisfying(ServiceError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorId()).isEqualTo("API-FEATURE");
                });
    }

    @Test
    void theCatalogListingsNeedOnlyAValidToken() {
        Caller reader = service.begin("Bearer reader", Operation.LIST_METHODS);
        assertThat(service.methods(reader)).containsExactly("/a.b.S/M");
    }

    @Test
    void aCallerAdmittedForOneOperationCannotCallAnotherItHasNoPermissionFor() {
        Caller reader = service.begin("Bearer reader", Operation.RESOLVE);
        assertThatThrownBy(() -> service.setExecution(reader, Condition.requestMethod("/a.b.S/M"), List.of()))
                .isInstanceOfSatisfying(ServiceError.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
    }

    @Test
    void aResolveOfAMethodThatIsNotFullIsAShapeErrorWithTheQueryKey() {
        Caller reader = service.begin("Bearer reader", Operation.RESOLVE);
        assertThatThrownBy(() -> service.resolve(reader, ResolveQuery.request("a.b.S/M"), null))
                .isInstanceOfSatisfying(ServiceError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.messageKey()).isEqualTo(Operation.RESOLVE.invalidKey());
                    assertThat(e.getMessage()).contains("'request.method' must be a full method");
                });
    }

    @Test
    void aDomainRejectionBecomesTheSameErrorModel() {
        Caller admin = service.begin("Bearer admin", Operation.SET_EXECUTION);
        assertThatThrownBy(() -> service.setExecution(admin, Condition.requestMethod("/a.b.S/Unknown"), List.of()))
                .satisfies(e -> {
                    ServiceError error = ServiceError.from(e, "test");
                    assertThat(error.httpStatus()).isBetween(400, 499);
                    assertThat(error.errorId()).startsWith("EXEC-");
                });
    }
}
