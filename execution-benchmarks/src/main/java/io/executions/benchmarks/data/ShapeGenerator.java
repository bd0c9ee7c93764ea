package io.executions.benchmarks.data;

import io.executions.benchmarks.data.GeneratedInstance.GeneratedExecution;
import io.executions.domain.api.Condition;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A Java port of the shape of {@code shared/bench/zitadel-sql/gen_data.py} (not its exact random
 * stream), so that our resolution and ZITADEL's SQL are measured on data of the same shape:
 * request 40 %, response 30 %, event 20 %, function 10 %; one {@code all} per type in instances
 * {@code withAll}; 10 % service (or group) level; 1 to 5 entries each; 20 % with includes (14 % include
 * level-0 executions, 6 % a level-1 execution, so chains are at most 3 executions deep, the default
 * limit); {@code max(20, n / 20)} targets per instance.
 */
public final class ShapeGenerator {
    public static final int METHODS_PER_SERVICE = 20;
    public static final int EVENTS_PER_AGGREGATE = 20;

    private static final List<String> REAL_SERVICES = List.of(
            "zitadel.session.v2.SessionService", "zitadel.user.v2.UserService",
            "zitadel.org.v2.OrganizationService", "zitadel.settings.v2.SettingsService",
            "zitadel.oidc.v2.OIDCService", "zitadel.action.v2.ActionService",
            "zitadel.feature.v2.FeatureService", "zitadel.idp.v2.IdentityProviderService",
            "zitadel.instance.v2.InstanceService", "zitadel.project.v2.ProjectService",
            "zitadel.app.v2.AppService", "zitadel.authorization.v2.AuthorizationService",
            "zitadel.saml.v2.SAMLService", "zitadel.webkey.v2.WebKeyService",
            "zitadel.management.v1.ManagementService", "zitadel.admin.v1.AdminService",
            "zitadel.auth.v1.AuthService", "zitadel.system.v1.SystemService");
    private static final List<String> VERBS = List.of(
            "Get", "List", "Create", "Update", "Delete", "Set", "Add", "Remove", "Search", "Verify");
    private static final List<String> REAL_AGGREGATES = List.of(
            "user", "org", "project", "instance", "session", "idp", "target", "execution");
    private static final List<String> REAL_FUNCTIONS = List.of("preuserinfo", "preaccesstoken", "presamlresponse");

    private final Random random;

    public ShapeGenerator(long seed) {
        this.random = new Random(seed);
    }

    public static List<String> services(int count) {
        List<String> out = new ArrayList<>(REAL_SERVICES.subList(0, Math.min(count, REAL_SERVICES.size())));
        for (int i = 1; out.size() < count; i++) {
            out.add(String.format("zitadel.ext%05d.v2.Ext%05dService", i, i));
        }
        return out;
    }

    /** The 20 full methods {@code /service/VerbNoun} of a service. */
    public static List<String> methodsOf(String service) {
        String simple = service.substring(service.lastIndexOf('.') + 1).replace("Service", "");
        List<String> out = new ArrayList<>(METHODS_PER_SERVICE);
        for (String noun : List.of(simple, simple + "Detail")) {
            for (String verb : VERBS) {
                out.add("/" + service + "/" + verb + noun);
            }
        }
        return out;
    }

    public static List<String> eventsOf(String aggregate) {
        List<String> out = new ArrayList<>(EVENTS_PER_AGGREGATE);
        for (int j = 0; j < EVENTS_PER_AGGREGATE; j++) {
            out.add(String.format("%s.ev%02d.done", aggregate, j));
        }
        return out;
    }

    /** An instance of {@code n} executions whose target ids start at {@code targetBase}. */
    public GeneratedInstance instance(String instanceId, int n, boolean withAll, long targetBase) {
        int nReq = Math.round(0.40f * n);
        int nResp = Math.round(0.30f * n);
        int nEvt = Math.round(0.20f * n);
        int nFn = n - nReq - nResp - nEvt;
        List<String> svc = services(Math.max(40, ceilDiv(n, 8)));
        List<String> allMethods = new ArrayList<>();
        for (String s : svc) {
            allMethods.addAll(methodsOf(s));
        }
        List<Condition> conditions = new ArrayList<>(n);
        Set<String> reqMethods = new HashSet<>();
        Set<String> reqServices = new HashSet<>();
        for (String kind : List.of("request", "response")) {
            int total = kind.equals("request") ? nReq : nResp;
            int kAll = withAll ? 1 : 0;
            int kSvc = Math.round(0.10f * total);
            int kMet = total - kAll - kSvc;
            List<String> svcs = sample(svc, kSvc);
            List<String> mets = sample(allMethods, kMet);
            boolean request = kind.equals("request");
            if (withAll) {
                conditions.add(request ? Condition.requestAll() : Condition.responseAll());
            }
            for (String s : svcs) {
                conditions.add(request ? Condition.requestService(s) : Condition.responseService(s));
            }
            for (String m : mets) {
                conditions.add(request ? Condition.requestMethod(m) : Condition.responseMethod(m));
            }
            if (request) {
                reqServices.addAll(svcs);
                reqMethods.addAll(mets);
            }
        }
        int nAgg = Math.max(20, ceilDiv(n, 20));
        List<String> aggs = new ArrayList<>(REAL_AGGREGATES);
        for (int i = 0; aggs.size() < nAgg; i++) {
            aggs.add(String.format("agg%05d", i));
        }
        int kAll = withAll ? 1 : 0;
        int kGrp = Math.round(0.10f * nEvt);
        int kEvt = nEvt - kAll - kGrp;
        if (withAll) {
            conditions.add(Condition.eventAll());
        }
        List<String> groups = sample(aggs, kGrp);
        for (String g : groups) {
            conditions.add(Condition.eventGroup(g));
        }
        List<String> allEvents = new ArrayList<>();
        for (String a : aggs) {
            allEvents.addAll(eventsOf(a));
        }
        List<String> evts = sample(allEvents, kEvt);
        for (String e : evts) {
            conditions.add(Condition.event(e));
        }
        List<String> fns = new ArrayList<>(REAL_FUNCTIONS.subList(0, Math.min(nFn, REAL_FUNCTIONS.size())));
        for (int i = 0; fns.size() < nFn; i++) {
            fns.add(String.format("fn%06d", i));
        }
        for (String f : fns) {
            conditions.add(Condition.function(f));
        }
        if (conditions.size() != n || new HashSet<>(conditions).size() != n) {
            throw new IllegalStateException("generator produced " + conditions.size() + " conditions for " + n);
        }

        Map<TargetId, TargetDefinition> targets = new LinkedHashMap<>();
        int targetCount = Math.max(20, n / 20);
        for (int i = 0; i < targetCount; i++) {
            TargetId id = TargetId.of(Long.toString(targetBase + i));
            TargetType type = TargetType.values()[random.nextInt(3)];
            targets.put(id, new TargetDefinition("target-" + id.value(), type,
                    type.canInterrupt() && random.nextBoolean(),
                    "https://hooks.example.test/" + instanceId + "/" + id.value(),
                    Duration.ofSeconds(List.of(5, 10, 30).get(random.nextInt(3))),
                    Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())));
        }
        List<TargetId> targetIds = List.copyOf(targets.keySet());
        List<GeneratedExecution> executions = entries(conditions, targetIds);
        return new GeneratedInstance(InstanceId.of(instanceId), withAll, svc, aggs, executions, targets,
                reqMethods, reqServices, new LinkedHashSet<>(groups), new HashSet<>(evts), fns);
    }

    private List<GeneratedExecution> entries(List<Condition> conditions, List<TargetId> targets) {
        int n = conditions.size();
        List<Condition> order = new ArrayList<>(conditions);
        Collections.shuffle(order, random);
        int nL1 = Math.round(0.14f * n);
        int nL2 = Math.round(0.06f * n);
        List<Condition> lvl2 = order.subList(0, nL2);
        List<Condition> lvl1 = order.subList(nL2, nL2 + nL1);
        List<Condition> lvl0 = order.subList(nL2 + nL1, n);
        Map<Condition, Integer> level = new HashMap<>();
        lvl0.forEach(c -> level.put(c, 0));
        lvl1.forEach(c -> level.put(c, 1));
        lvl2.forEach(c -> level.put(c, 2));
        List<List<GeneratedExecution>> byLevel = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Condition condition : conditions) {
            int k = 1 + random.nextInt(5);
            int lv = level.get(condition);
            List<ExecutionId> includes = new ArrayList<>();
            if (lv >= 1) {
                int nInc = Math.min(k, random.nextDouble() < 0.7 ? 1 : 2);
                if (lv == 2) {
                    includes.add(lvl1.get(random.nextInt(lvl1.size())).id());
                }
                while (includes.size() < nInc) {
                    ExecutionId c = lvl0.get(random.nextInt(lvl0.size())).id();
                    if (!includes.contains(c)) {
                        includes.add(c);
                    }
                }
            }
            List<Entry> items = new ArrayList<>(k);
            for (TargetId t : sample(targets, k - includes.size())) {
                items.add(new Entry.Target(t));
            }
            for (ExecutionId inc : includes) {
                items.add(new Entry.Include(inc));
            }
            Collections.shuffle(items, random);
            byLevel.get(lv).add(new GeneratedExecution(condition, List.copyOf(items), lv));
        }
        List<GeneratedExecution> out = new ArrayList<>(n);
        byLevel.forEach(out::addAll);
        return out;
    }

    private <T> List<T> sample(List<T> population, int k) {
        if (k > population.size()) {
            throw new IllegalArgumentException("sample of " + k + " from " + population.size());
        }
        // a small sample of a large population by rejection (no copy of the population), else a partial shuffle
        int size = population.size();
        if (k * 4L < size) {
            Set<Integer> picked = new LinkedHashSet<>();
            while (picked.size() < k) {
                picked.add(random.nextInt(size));
            }
            List<T> out = new ArrayList<>(k);
            picked.forEach(i -> out.add(population.get(i)));
            return out;
        }
        List<T> copy = new ArrayList<>(population);
        for (int i = 0; i < k; i++) {
            Collections.swap(copy, i, i + random.nextInt(size - i));
        }
        return new ArrayList<>(copy.subList(0, k));
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
