package io.executions.dispatch;

import io.executions.domain.api.Condition;
import io.executions.domain.api.CreateTarget;
import io.executions.domain.api.Entry;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.SetExecution;
import io.executions.domain.api.StaticCatalog;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetResult;
import io.executions.domain.api.TargetType;
import io.executions.runtime.Executions;
import io.executions.runtime.StorageConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real in-memory engine for the tests: targets and executions written through commands, resolved live. */
final class Engine implements AutoCloseable {
    static final String SERVICE = "test.v1.UserService";
    static final String METHOD = "/" + SERVICE + "/AddUser";
    private static final AtomicInteger IDS = new AtomicInteger();

    final Executions executions = Executions.builder()
            .storage(StorageConfig.memory())
            .catalog(new StaticCatalog(Map.of(SERVICE, List.of("AddUser", "GetUser")),
                    List.of("user.human.added"), List.of("preuserinfo")))
            .build();
    final InstanceId instance = InstanceId.of("i" + IDS.incrementAndGet());
    final List<String> keys = new ArrayList<>();

    record Spec(String name, TargetType type, boolean interrupt, String url, Duration timeout) {
        Spec withName(String newName) {
            return new Spec(newName, type, interrupt, url, timeout);
        }
    }

    static Spec webhook(String url, boolean interrupt) {
        return new Spec("webhook", TargetType.REST_WEBHOOK, interrupt, url, Duration.ofSeconds(5));
    }

    static Spec call(String url, boolean interrupt) {
        return new Spec("call", TargetType.REST_CALL, interrupt, url, Duration.ofSeconds(5));
    }

    static Spec async(String url) {
        return new Spec("async", TargetType.REST_ASYNC, false, url, Duration.ofSeconds(5));
    }

    static Spec timed(Spec spec, Duration timeout) {
        return new Spec(spec.name(), spec.type(), spec.interrupt(), spec.url(), timeout);
    }

    /** Creates the targets and sets them, in order, on the condition. Returns the target ids. */
    List<String> set(Condition condition, Spec... specs) {
        List<Entry> entries = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Spec spec : specs) {
            String id = "t" + IDS.incrementAndGet();
            TargetResult created = executions.createTarget(new CreateTarget(instance, TargetId.of(id),
                    spec.name() + "-" + id, spec.type(), spec.interrupt(), spec.url(), spec.timeout(), "admin"));
            keys.add(created.signingKey());
            entries.add(Entry.target(id));
            ids.add(id);
        }
        executions.setExecution(new SetExecution(instance, condition, entries, "admin"));
        return ids;
    }

    List<String> onRequest(Spec... specs) {
        return set(Condition.requestMethod(METHOD), specs);
    }

    @Override
    public void close() {
        executions.close();
    }
}
