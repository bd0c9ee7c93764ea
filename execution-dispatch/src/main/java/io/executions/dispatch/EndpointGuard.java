package io.executions.dispatch;

import io.executions.domain.command.EndpointPolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Checks an endpoint against the deny list when a target is created or updated (docs/dispatch.md): the host
 * as written, then every address it resolves to now. A name that does not resolve yet is allowed here
 * (it may be registered later); the call-time check (after the lookup that the connection uses) is the
 * one that cannot be bypassed.
 */
public final class EndpointGuard implements EndpointPolicy {
    private final DenyList denyList;
    private final HostResolver resolver;

    public EndpointGuard(DenyList denyList, HostResolver resolver) {
        this.denyList = Objects.requireNonNull(denyList, "denyList");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public DenyList denyList() {
        return denyList;
    }

    /** Why this endpoint is denied, or null when it is allowed. */
    @Override
    public String denialReason(String endpoint) {
        if (denyList.isEmpty()) {
            return null;
        }
        String host = DenyList.hostOf(endpoint);
        if (host == null) {
            return null; // not a URL: the target's own checks answer that
        }
        String entry = denyList.denyingEntry(host);
        if (entry != null) {
            return "the endpoint's host " + host + " is in the deny list (" + entry + ")";
        }
        if (DenyList.literalAddress(host) != null) {
            return null;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
        for (InetAddress address : addresses) {
            String denied = denyList.denyingEntry(address);
            if (denied != null) {
                return "the endpoint's host " + host + " resolves to " + address.getHostAddress()
                        + ", which is in the deny list (" + denied + ")";
            }
        }
        return null;
    }
}
