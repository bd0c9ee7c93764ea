package io.executions.dispatch;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The lookup the HTTP client's connections use: the {@link HostResolver}'s answer, refused as a whole when
 * any address is in the deny list. Because the connection goes to exactly these addresses, a name cannot
 * pass a check and then be rebound to a denied address (DNS rebinding). Lookups may block (the system
 * resolver does), so they run on a small bounded executor, never on an event loop.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {
    private final HostResolver resolver;
    private final DenyList denyList;
    private final Executor lookups;

    GuardedResolverGroup(HostResolver resolver, DenyList denyList, Executor lookups) {
        this.resolver = resolver;
        this.denyList = denyList;
        this.lookups = lookups;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return !address.isUnresolved();
            }

            @Override
            protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
                lookup(unresolved, promise, true);
            }

            @Override
            protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
                lookup(unresolved, promise, false);
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void lookup(InetSocketAddress unresolved, Promise promise, boolean single) {
        try {
            lookups.execute(() -> {
                try {
                    List<InetSocketAddress> resolved = check(unresolved.getHostString(), unresolved.getPort());
                    promise.trySuccess(single ? resolved.get(0) : resolved);
                } catch (Throwable e) {
                    promise.tryFailure(e);
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFailure(new UnknownHostException("too many lookups in flight for " + unresolved.getHostString()));
        }
    }

    List<InetSocketAddress> check(String host, int port) throws UnknownHostException {
        String byName = denyList.denyingEntry(host);
        if (byName != null) {
            throw new DeniedAddressException("host " + host + " is in the deny list (" + byName + ")");
        }
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        List<InetSocketAddress> result = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            String entry = denyList.denyingEntry(address);
            if (entry != null) {
                throw new DeniedAddressException("host " + host + " resolved to " + address.getHostAddress()
                        + ", which is in the deny list (" + entry + ")");
            }
            result.add(new InetSocketAddress(address, port));
        }
        return result;
    }
}
