package io.executions.dispatch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The dispatcher connects to exactly the addresses this answers, after
 * checking every one against the deny list, so there is no second lookup an attacker could rebind
 * (DNS rebinding). Tests plug in their own; the default asks the system resolver.
 */
@FunctionalInterface
public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
