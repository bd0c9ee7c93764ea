package io.executions.grpc;

import com.google.protobuf.ByteString;
import io.executions.api.service.PublicKeyPage;
import io.executions.api.service.PublicKeyQuery;
import io.executions.domain.api.PublicKeyResult;
import io.executions.domain.api.TargetId;
import io.executions.grpc.proto.zitadel.action.v2.PublicKey;
import io.executions.grpc.proto.zitadel.action.v2.PublicKeySearchFilter;
import io.executions.projections.PublicKeyView;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.executions.api.Caller;
import io.executions.api.service.ActionService;
import io.executions.api.service.CreatedTarget;
import io.executions.api.service.Operation;
import io.executions.api.service.ServiceError;
import io.executions.api.service.TargetChange;
import io.executions.api.service.TargetSpec;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.SetExecutionResult;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.grpc.proto.zitadel.action.v2.ActionServiceGrpc;
import io.executions.grpc.proto.zitadel.action.v2.ActivatePublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.ActivatePublicKeyResponse;
import io.executions.grpc.proto.zitadel.action.v2.AddPublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.AddPublicKeyResponse;
import io.executions.grpc.proto.zitadel.action.v2.CreateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2.CreateTargetResponse;
import io.executions.grpc.proto.zitadel.action.v2.DeactivatePublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.DeactivatePublicKeyResponse;
import io.executions.grpc.proto.zitadel.action.v2.DeleteTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2.DeleteTargetResponse;
import io.executions.grpc.proto.zitadel.action.v2.Execution;
import io.executions.grpc.proto.zitadel.action.v2.GetTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2.GetTargetResponse;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionFunctionsRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionFunctionsResponse;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionMethodsRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionMethodsResponse;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionServicesRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionServicesResponse;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionsRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListExecutionsResponse;
import io.executions.grpc.proto.zitadel.action.v2.ListPublicKeysRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListPublicKeysResponse;
import io.executions.grpc.proto.zitadel.action.v2.ListTargetsRequest;
import io.executions.grpc.proto.zitadel.action.v2.ListTargetsResponse;
import io.executions.grpc.proto.zitadel.action.v2.RemovePublicKeyRequest;
import io.executions.grpc.proto.zitadel.action.v2.RemovePublicKeyResponse;
import io.executions.grpc.proto.zitadel.action.v2.SetExecutionRequest;
import io.executions.grpc.proto.zitadel.action.v2.SetExecutionResponse;
import io.executions.grpc.proto.zitadel.action.v2.Target;
import io.executions.grpc.proto.zitadel.action.v2.UpdateTargetRequest;
import io.executions.grpc.proto.zitadel.action.v2.UpdateTargetResponse;
import io.executions.grpc.proto.zitadel.filter.v2.PaginationResponse;
import io.executions.projections.ExecutionPage;
import io.executions.projections.ExecutionView;
import io.executions.projections.TargetPage;
import io.executions.projections.TargetView;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code zitadel.action.v2.ActionService}, ZITADEL's current shape, a thin adapter over {@link ActionService}.
 *
 * <p>v2 and v2beta carry the same field numbers and types everywhere except the execution entries (v2: target
 * ids as strings) and v2's additions ({@code payload_type}, public keys). So the messages that agree are handed
 * to the v2beta adapter's conversions by their bytes (re-parsed as the v2beta type; v2's extra fields are then
 * unknown fields and ignored), and only the entries are converted here. Differences, as the contract has them:
 * <ul>
 *   <li>SetExecution takes target ids only; ListExecutions lists an execution holding includes (set through
 *   v2beta) with its own target ids only, in order.</li>
 *   <li>{@code payload_type} (7, 9, 11) is stored with the target (docs/dispatch.md): on create UNSPECIFIED means
 *   JSON, on update it means "no change"; a JSON target is listed with {@code PAYLOAD_TYPE_UNSPECIFIED} (the
 *   field left out), as REST leaves {@code payloadType} out and as ZITADEL lists targets created through
 *   v2beta; JWT and JWE targets are listed with their type. A number the enum does not know is refused as a
 *   malformed request.</li>
 *   <li>The public-key RPCs (v2 only) manage a target's keys for JWE payloads (docs/dispatch.md).</li>
 * </ul>
 */
final class ActionServiceV2Grpc extends ActionServiceGrpc.ActionServiceImplBase {
    private final ActionService service;

    ActionServiceV2Grpc(ActionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The same bytes read as another message type with the same field numbers. */
    private static <T extends Message> T as(Message message, Parser<T> parser) {
        try {
            return parser.parseFrom(message.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("v2 and v2beta disagree on " + message.getDescriptorForType().getFullName(), e);
        }
    }

    // ---- executions ------------------------------------------------------------------------------

    @Override
    public void setExecution(SetExecutionRequest request, StreamObserver<SetExecutionResponse> out) {
        Unary.answer(out, "SetExecution", () -> {
            Caller caller = CallerInterceptor.caller();
            // docs/safe-change.md: If-Match after rules 1 to 3, before the message's own checks; again with the write
            Long expectedVersion = service.safeChange().ifMatch(caller, CallerInterceptor.ifMatch());
            if (!request.hasCondition()) {
                throw ServiceError.shape(Operation.SET_EXECUTION, "'condition' is required");
            }
            Condition condition = ProtoForms.condition(as(request.getCondition(),
                    io.executions.grpc.proto.zitadel.action.v2beta.Condition.parser()), "condition",
                    Operation.SET_EXECUTION);
            List<Entry> entries = new ArrayList<>(request.getTargetsCount());
            request.getTargetsList().forEach(id -> entries.add(Entry.target(id)));
            SetExecutionResult result = service.setExecution(caller, condition, entries, expectedVersion);
            return SetExecutionResponse.newBuilder().setSetDate(ProtoForms.timestamp(result.setDate())).build();
        });
    }

    @Override
    public void listExecutions(ListExecutionsRequest request, StreamObserver<ListExecutionsResponse> out) {
        Unary.answer(out, "ListExecutions", () -> {
            ExecutionPage page = service.listExecutions(CallerInterceptor.caller(), ActionServiceV2betaGrpc.query(
                    as(request, io.executions.grpc.proto.zitadel.action.v2beta.ListExecutionsRequest.parser())));
            ListExecutionsResponse.Builder answer = ListExecutionsResponse.newBuilder()
                    .setPagination(PaginationResponse.newBuilder().setTotalResult(page.totalResult()));
            for (ExecutionView view : page.executions()) {
                Execution.Builder execution = Execution.newBuilder()
                        .setCondition(as(ProtoForms.condition(view.condition()),
                                io.executions.grpc.proto.zitadel.action.v2.Condition.parser()))
                        .setCreationDate(ProtoForms.timestamp(view.creationDate()))
                        .setChangeDate(ProtoForms.timestamp(view.changeDate()));
                for (Entry entry : view.targets()) {
                    // v2 has no includes: an execution set through v2beta shows its own targets only
                    if (entry instanceof Entry.Target t) {
                        execution.addTargets(t.target().value());
                    }
                }
                if (view.direct() != null) {
                    execution.setDirect(view.direct());
                }
                answer.addExecutions(execution);
            }
            return answer.build();
        });
    }

    @Override
    public void listExecutionFunctions(ListExecutionFunctionsRequest request,
                                       StreamObserver<ListExecutionFunctionsResponse> out) {
        Unary.answer(out, "ListExecutionFunctions", () -> ListExecutionFunctionsResponse.newBuilder()
                .addAllFunctions(service.functions(CallerInterceptor.caller())).build());
    }

    @Override
    public void listExecutionMethods(ListExecutionMethodsRequest request,
                                     StreamObserver<ListExecutionMethodsResponse> out) {
        Unary.answer(out, "ListExecutionMethods", () -> ListExecutionMethodsResponse.newBuilder()
                .addAllMethods(service.methods(CallerInterceptor.caller())).build());
    }

    @Override
    public void listExecutionServices(ListExecutionServicesRequest request,
                                      StreamObserver<ListExecutionServicesResponse> out) {
        Unary.answer(out, "ListExecutionServices", () -> ListExecutionServicesResponse.newBuilder()
                .addAllServices(service.services(CallerInterceptor.caller())).build());
    }

    // ---- targets ---------------------------------------------------------------------------------

    @Override
    public void createTarget(CreateTargetRequest request, StreamObserver<CreateTargetResponse> out) {
        Unary.answer(out, "CreateTarget", () -> {
            TargetSpec beta = ActionServiceV2betaGrpc.spec(
                    as(request, io.executions.grpc.proto.zitadel.action.v2beta.CreateTargetRequest.parser()));
            TargetSpec spec = new TargetSpec(beta.name(), beta.type(), beta.interruptOnError(), beta.endpoint(),
                    beta.timeout(), payloadType(request.getPayloadType(), Operation.CREATE_TARGET));
            CreatedTarget created = service.createTarget(CallerInterceptor.caller(), spec);
            return CreateTargetResponse.newBuilder()
                    .setId(created.id().value())
                    .setCreationDate(ProtoForms.timestamp(created.creationDate()))
                    .setSigningKey(created.signingKey() == null ? "" : created.signingKey())
                    .build();
        });
    }

    @Override
    public void updateTarget(UpdateTargetRequest request, StreamObserver<UpdateTargetResponse> out) {
        Unary.answer(out, "UpdateTarget", () -> {
            TargetId id = ActionService.targetId(request.getId());
            TargetChange beta = ActionServiceV2betaGrpc.change(
                    as(request, io.executions.grpc.proto.zitadel.action.v2beta.UpdateTargetRequest.parser()));
            TargetChange change = new TargetChange(beta.name(), beta.type(), beta.interruptOnError(), beta.endpoint(),
                    beta.timeout(), beta.expirationSigningKey(),
                    payloadType(request.getPayloadType(), Operation.UPDATE_TARGET));
            TargetResult result = service.updateTarget(CallerInterceptor.caller(), id, change);
            UpdateTargetResponse.Builder answer = UpdateTargetResponse.newBuilder()
                    .setChangeDate(ProtoForms.timestamp(result.date()));
            if (result.signingKey() != null) {
                answer.setSigningKey(result.signingKey());
            }
            return answer.build();
        });
    }

    @Override
    public void deleteTarget(DeleteTargetRequest request, StreamObserver<DeleteTargetResponse> out) {
        Unary.answer(out, "DeleteTarget", () -> {
            TargetResult result = service.deleteTarget(CallerInterceptor.caller(),
                    ActionService.targetId(request.getId()));
            return DeleteTargetResponse.newBuilder().setDeletionDate(ProtoForms.timestamp(result.date())).build();
        });
    }

    @Override
    public void getTarget(GetTargetRequest request, StreamObserver<GetTargetResponse> out) {
        Unary.answer(out, "GetTarget", () -> {
            TargetView view = service.getTarget(CallerInterceptor.caller(), ActionService.targetId(request.getId()));
            return GetTargetResponse.newBuilder()
                    .setTarget(v2(ProtoForms.target(view), view.definition().payloadType())).build();
        });
    }

    @Override
    public void listTargets(ListTargetsRequest request, StreamObserver<ListTargetsResponse> out) {
        Unary.answer(out, "ListTargets", () -> {
            TargetPage page = service.searchTargets(CallerInterceptor.caller(), ActionServiceV2betaGrpc.query(
                    as(request, io.executions.grpc.proto.zitadel.action.v2beta.ListTargetsRequest.parser())));
            ListTargetsResponse.Builder answer = ListTargetsResponse.newBuilder()
                    .setPagination(PaginationResponse.newBuilder().setTotalResult(page.totalResult()));
            page.targets().forEach(view -> answer.addTargets(v2(ProtoForms.listedTarget(view),
                    view.definition().payloadType())));
            return answer.build();
        });
    }

    /** v2's payload type of a request: UNSPECIFIED is null (JSON on create, no change on update). */
    static PayloadType payloadType(io.executions.grpc.proto.zitadel.action.v2.PayloadType type, Operation operation) {
        return switch (type) {
            case PAYLOAD_TYPE_UNSPECIFIED -> null;
            case PAYLOAD_TYPE_JSON -> PayloadType.JSON;
            case PAYLOAD_TYPE_JWT -> PayloadType.JWT;
            case PAYLOAD_TYPE_JWE -> PayloadType.JWE;
            case UNRECOGNIZED -> throw ServiceError.shape(operation, "'payload_type' has no value "
                    + "numbered as given; use PAYLOAD_TYPE_JSON, PAYLOAD_TYPE_JWT or PAYLOAD_TYPE_JWE");
        };
    }

    /** A v2beta target read as v2's, with v2's payload type (left out for JSON, as REST leaves it out). */
    private static Target v2(io.executions.grpc.proto.zitadel.action.v2beta.Target target, PayloadType type) {
        Target.Builder builder = as(target, Target.parser()).toBuilder();
        switch (type) {
            case JSON -> builder.clearPayloadType();
            case JWT -> builder.setPayloadType(io.executions.grpc.proto.zitadel.action.v2.PayloadType.PAYLOAD_TYPE_JWT);
            case JWE -> builder.setPayloadType(io.executions.grpc.proto.zitadel.action.v2.PayloadType.PAYLOAD_TYPE_JWE);
        }
        return builder.build();
    }

    // ---- public keys (docs/dispatch.md, JWE) ---------------------------------------------------------

    @Override
    public void addPublicKey(AddPublicKeyRequest request, StreamObserver<AddPublicKeyResponse> out) {
        Unary.answer(out, "AddPublicKey", () -> {
            Caller caller = CallerInterceptor.caller();
            TargetId target = ActionService.targetId(request.getTargetId());
            PublicKeyResult result = service.addPublicKey(caller, target, request.getPublicKey().toByteArray(),
                    request.hasExpirationDate() ? ProtoForms.instant(request.getExpirationDate()) : null);
            return AddPublicKeyResponse.newBuilder().setKeyId(result.keyId())
                    .setCreationDate(ProtoForms.timestamp(result.date())).build();
        });
    }

    @Override
    public void activatePublicKey(ActivatePublicKeyRequest request, StreamObserver<ActivatePublicKeyResponse> out) {
        Unary.answer(out, "ActivatePublicKey", () -> {
            PublicKeyResult result = service.activatePublicKey(CallerInterceptor.caller(),
                    ActionService.targetId(request.getTargetId()), request.getKeyId());
            return ActivatePublicKeyResponse.newBuilder().setChangeDate(ProtoForms.timestamp(result.date())).build();
        });
    }

    @Override
    public void deactivatePublicKey(DeactivatePublicKeyRequest request,
                                    StreamObserver<DeactivatePublicKeyResponse> out) {
        Unary.answer(out, "DeactivatePublicKey", () -> {
            PublicKeyResult result = service.deactivatePublicKey(CallerInterceptor.caller(),
                    ActionService.targetId(request.getTargetId()), request.getKeyId());
            return DeactivatePublicKeyResponse.newBuilder().setChangeDate(ProtoForms.timestamp(result.date())).build();
        });
    }

    @Override
    public void removePublicKey(RemovePublicKeyRequest request, StreamObserver<RemovePublicKeyResponse> out) {
        Unary.answer(out, "RemovePublicKey", () -> {
            PublicKeyResult result = service.removePublicKey(CallerInterceptor.caller(),
                    ActionService.targetId(request.getTargetId()), request.getKeyId());
            return RemovePublicKeyResponse.newBuilder().setDeletionDate(ProtoForms.timestamp(result.date())).build();
        });
    }

    @Override
    public void listPublicKeys(ListPublicKeysRequest request, StreamObserver<ListPublicKeysResponse> out) {
        Unary.answer(out, "ListPublicKeys", () -> {
            Caller caller = CallerInterceptor.caller();
            TargetId target = ActionService.targetId(request.getTargetId());
            Set<String> ids = null;
            Boolean active = null;
            java.time.Instant expiration = null;
            String method = null;
            for (int i = 0; i < request.getFiltersCount(); i++) {
                PublicKeySearchFilter filter = request.getFilters(i);
                switch (filter.getFilterCase()) {
                    case KEY_IDS_FILTER -> {
                        Set<String> these = new HashSet<>(filter.getKeyIdsFilter().getIdsList());
                        if (ids != null) {
                            these.retainAll(ids);
                        }
                        ids = these;
                    }
                    case ACTIVE_FILTER -> {
                        if (active != null && active != filter.getActiveFilter()) {
                            ids = Set.of(); // both true and false: nothing matches
                        }
                        active = filter.getActiveFilter();
                    }
                    case EXPIRATION_DATE_FILTER -> {
                        if (!filter.getExpirationDateFilter().hasTimestamp()) {
                            throw ServiceError.shape(Operation.LIST_PUBLIC_KEYS,
                                    "'filters[" + i + "].expirationDateFilter.timestamp' is required");
                        }
                        expiration = ProtoForms.instant(filter.getExpirationDateFilter().getTimestamp());
                        method = switch (filter.getExpirationDateFilter().getMethod()) {
                            case TIMESTAMP_FILTER_METHOD_AFTER -> "AFTER";
                            case TIMESTAMP_FILTER_METHOD_AFTER_OR_EQUALS -> "AFTER_OR_EQUALS";
                            case TIMESTAMP_FILTER_METHOD_BEFORE -> "BEFORE";
                            case TIMESTAMP_FILTER_METHOD_BEFORE_OR_EQUALS -> "BEFORE_OR_EQUALS";
                            case TIMESTAMP_FILTER_METHOD_EQUALS -> "EQUALS";
                            default -> throw ServiceError.shape(Operation.LIST_PUBLIC_KEYS,
                                    "'filters[" + i + "].expirationDateFilter.method' is not a known method");
                        };
                    }
                    default -> throw ServiceError.shape(Operation.LIST_PUBLIC_KEYS,
                            "'filters[" + i + "]' must have one of keyIdsFilter, activeFilter or expirationDateFilter");
                }
            }
            String column = switch (request.getSortingColumn()) {
                case PUBLIC_KEY_FIELD_NAME_CHANGE_DATE -> "CHANGE_DATE";
                case PUBLIC_KEY_FIELD_NAME_EXPIRATION_DATE -> "EXPIRATION_DATE";
                case PUBLIC_KEY_FIELD_NAME_UNSPECIFIED, PUBLIC_KEY_FIELD_NAME_CREATION_DATE -> "CREATION_DATE";
                default -> throw ServiceError.shape(Operation.LIST_PUBLIC_KEYS, "'sortingColumn' is not known");
            };
            boolean asc = !request.hasPagination() || request.getPagination().getAsc();
            long offset = request.hasPagination() ? request.getPagination().getOffset() : 0;
            long limit = request.hasPagination() ? Integer.toUnsignedLong(request.getPagination().getLimit()) : 0;
            if (offset < 0) {
                throw ServiceError.shape(Operation.LIST_PUBLIC_KEYS, "'pagination.offset' is too large");
            }
            PublicKeyPage page = service.listPublicKeys(caller, target,
                    new PublicKeyQuery(ids, active, expiration, method, column, asc, offset, limit));
            ListPublicKeysResponse.Builder answer = ListPublicKeysResponse.newBuilder()
                    .setPagination(PaginationResponse.newBuilder().setTotalResult(page.totalResult())
                            .setAppliedLimit(limit));
            for (PublicKeyView key : page.keys()) {
                PublicKey.Builder k = PublicKey.newBuilder().setKeyId(key.keyId()).setActive(key.active())
                        .setPublicKey(ByteString.copyFrom(key.publicKey(), StandardCharsets.US_ASCII))
                        .setFingerprint(key.fingerprint())
                        .setCreationDate(ProtoForms.timestamp(key.creationDate()))
                        .setChangeDate(ProtoForms.timestamp(key.changeDate()));
                if (key.expiration() != null) {
                    k.setExpirationDate(ProtoForms.timestamp(key.expiration()));
                }
                answer.addPublicKeys(k);
            }
            return answer.build();
        });
    }
}
