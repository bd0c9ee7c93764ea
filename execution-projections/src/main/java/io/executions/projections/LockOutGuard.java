package io.executions.projections;

import java.util.List;
import java.util.Set;

/**
 * docs/contract.md ("Resolution"): calls of the management API itself resolve to nothing unless the host opts in, so no
 * execution can lock an administrator out (ZITADEL issue 8205).
 */
public record LockOutGuard(Set<String> services, boolean optIn) {
    public static final LockOutGuard DEFAULT = new LockOutGuard(
            Set.of("zitadel.action.v2beta.ActionService", "zitadel.action.v2.ActionService"), false);

    public LockOutGuard {
        services = Set.copyOf(services);
    }

    public static LockOutGuard of(List<String> services, boolean optIn) {
        return new LockOutGuard(Set.copyOf(services), optIn);
    }

    /** True when resolution must answer nothing for this full method {@code /a.b.S/M}. */
    public boolean guards(String method) {
        if (optIn || method.length() < 2 || method.charAt(0) != '/') {
            return false;
        }
        int slash = method.indexOf('/', 1);
        String service = slash < 0 ? method.substring(1) : method.substring(1, slash);
        return services.contains(service);
    }
}
