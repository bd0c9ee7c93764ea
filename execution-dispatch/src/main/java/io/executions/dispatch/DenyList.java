package io.executions.dispatch;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The endpoint deny list of docs/dispatch.md: CIDR blocks (IPv4 and IPv6) and host names. A host name entry
 * denies that name and every name under it ({@code localhost} also denies {@code api.localhost}). An
 * address is checked as what it reaches: the unspecified address ({@code 0.0.0.0}, {@code ::}) reaches this
 * machine, so it is checked as loopback; an IPv4-mapped IPv6 address is checked as its IPv4 address.
 */
public final class DenyList {
    /** docs/dispatch.md's default, used whenever a configuration does not name a list. */
    public static final List<String> DEFAULT_ENTRIES = List.of("127.0.0.0/8", "::1/128", "169.254.0.0/16",
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "localhost");

    private static final DenyList NONE = new DenyList(List.of(), List.of(), List.of());
    private static final DenyList DEFAULT = of(DEFAULT_ENTRIES);

    private final List<String> entries;
    private final List<Cidr> blocks;
    private final List<String> hosts;

    private DenyList(List<String> entries, List<Cidr> blocks, List<String> hosts) {
        this.entries = List.copyOf(entries);
        this.blocks = List.copyOf(blocks);
        this.hosts = List.copyOf(hosts);
    }

    /** The default list of docs/dispatch.md. */
    public static DenyList defaults() {
        return DEFAULT;
    }

    /** An empty list: every endpoint is allowed (tests, the development defaults). */
    public static DenyList none() {
        return NONE;
    }

    /**
     * Parses entries: {@code a.b.c.d/n}, {@code x::y/n}, a literal address (a /32 or /128 block), or a host
     * name.
     *
     * @throws IllegalArgumentException for an entry that is none of these (named in the message)
     */
    public static DenyList of(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Cidr> blocks = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("an empty deny list entry");
            }
            Cidr block = Cidr.parse(entry);
            if (block != null) {
                blocks.add(block);
            } else if (entry.matches("[A-Za-z0-9.*_-]+")) {
                hosts.add(normalizeHost(entry));
            } else {
                throw new IllegalArgumentException("deny list entry '" + entry + "' is neither a CIDR block, an"
                        + " address nor a host name");
            }
        }
        return new DenyList(entries, blocks, hosts);
    }

    public List<String> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return blocks.isEmpty() && hosts.isEmpty();
    }

    /** The entry that denies this address, or null. */
    public String denyingEntry(InetAddress address) {
        InetAddress reached = reached(address);
        for (Cidr block : blocks) {
            if (block.contains(reached)) {
                return block.text;
            }
        }
        return null;
    }

    public boolean denies(InetAddress address) {
        return denyingEntry(address) != null;
    }

    /**
     * The entry that denies this host as written in a URL (a name, or a literal address), or null. Names
     * are not resolved here: see {@link EndpointGuard}.
     */
    public String denyingEntry(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        InetAddress literal = literalAddress(host);
        if (literal != null) {
            return denyingEntry(literal);
        }
        String name = normalizeHost(host);
        for (String denied : hosts) {
            if (name.equals(denied) || name.endsWith("." + denied)) {
                return denied;
            }
        }
        return null;
    }

    /** The host of an absolute URL, without IPv6 brackets; null when there is none. */
    static String hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            if (host != null && host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host;
        } catch (Exception e) {
            return null;
        }
    }

    /** A literal IPv4 or IPv6 address (never a lookup), or null when the host is a name. */
    static InetAddress literalAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = h.indexOf(':') >= 0 && h.matches("[0-9A-Fa-f:.%a-zA-Z]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(h); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        try {
            return IDN.toASCII(h);
        } catch (IllegalArgumentException e) {
            return h;
        }
    }

    private static InetAddress reached(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            try {
                return address instanceof Inet6Address ? InetAddress.getByName("::1")
                        : InetAddress.getByName("127.0.0.1");
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isV4Mapped(b)) {
            try {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    @Override
    public String toString() {
        return "DenyList" + entries;
    }

    private record Cidr(String text, byte[] network, int prefix) {
        static Cidr parse(String entry) {
            int slash = entry.indexOf('/');
            String addressPart = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = literalAddress(addressPart);
            if (address == null) {
                return null;
            }
            byte[] bytes = address.getAddress();
            int max = bytes.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("deny list entry '" + entry + "' has a bad prefix length");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("deny list entry '" + entry + "' has a bad prefix length");
            }
            return new Cidr(entry, bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

}
