package org.cortege.shared;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The visitor's address, for rate limits only (never stored: buckets hold its hash).
 *
 * <p>By default it is the address of the connection. Behind a reverse proxy,
 * {@code CORTEGE_CLIENT_ADDRESS_HEADER} names the header the proxy writes the visitor's address in
 * ({@code X-Forwarded-For}), and {@code CORTEGE_TRUSTED_PROXIES} lists the proxies' addresses
 * (CIDRs, loopback by default): the header is read only on connections from those addresses, so
 * a visitor who reaches the app directly and sends the header cannot choose their bucket. In a
 * list of addresses, the right-most one that is not a trusted proxy is the visitor's (the left
 * part of the list is whatever the visitor wrote).
 *
 * <p>IPv6 visitors are keyed by their /64: one subscriber gets a whole /64 and could otherwise
 * take a new bucket per request.
 */
@Singleton
public class ClientAddress {

    private static final Pattern SPLIT = Pattern.compile("\\s*,\\s*");

    private final @Nullable String header;
    private final List<IpSubnetFilterRule> trusted;

    public ClientAddress(@Property(name = "cortege.client-address-header") @Nullable String header,
                         @Property(name = "cortege.trusted-proxies") @Nullable String trustedProxies) {
        this.header = header == null || header.isBlank() ? null : header.strip();
        this.trusted = parse(trustedProxies);
    }

    /** The rate-limit key of the request's visitor: an IPv4 address, or an IPv6 /64 ("2001:db8:1:2::/64"). */
    public String of(HttpRequest<?> request) {
        InetAddress remote = address(request.getRemoteAddress());
        if (remote == null) {
            return "unknown";
        }
        InetAddress client = remote;
        if (header != null && isTrusted(remote)) {
            String value = request.getHeaders().get(header);
            InetAddress forwarded = value == null ? null : rightmostUntrusted(value);
            if (forwarded != null) {
                client = forwarded;
            }
        }
        return key(client);
    }

    /** Whether a connection from this address may tell the visitor's address. */
    boolean isTrusted(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : trusted) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    private @Nullable InetAddress rightmostUntrusted(String value) {
        String[] parts = SPLIT.split(value.strip());
        InetAddress last = null;
        for (int i = parts.length - 1; i >= 0; i--) {
            InetAddress a = literal(parts[i]);
            if (a == null) {
                return last; // garbage written by the visitor: stop at the last address a proxy wrote
            }
            last = a;
            if (!isTrusted(a)) {
                return a;
            }
        }
        return last;
    }

    static String key(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isMappedV4(b)) {
                return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static @Nullable InetAddress address(@Nullable InetSocketAddress socket) {
        if (socket == null) {
            return null;
        }
        return socket.getAddress();
    }

    /** An IP literal (never a name: no DNS lookup for what a client wrote), brackets and port allowed. */
    static @Nullable InetAddress literal(String raw) {
        String s = raw.strip();
        if (s.startsWith("[") && s.indexOf(']') > 0) {
            s = s.substring(1, s.indexOf(']')); // [2001:db8::1]:443
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // 203.0.113.7:51234
        }
        return NetUtil.createInetAddressFromIpAddressString(s);
    }

    /**
     * "127.0.0.1/8, ::1, 172.16.0.0/12" as subnet rules.
     *
     * @throws IllegalArgumentException with a sentence naming the variable on a malformed entry
     */
    static List<IpSubnetFilterRule> parse(@Nullable String spec) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return rules;
        }
        for (String part : SPLIT.split(spec.strip())) {
            if (part.isEmpty()) {
                continue;
            }
            String[] cidr = part.split("/", 2);
            InetAddress a = literal(cidr[0]);
            int max = a instanceof Inet4Address ? 32 : 128;
            int prefix;
            try {
                prefix = cidr.length == 2 ? Integer.parseInt(cidr[1].strip()) : max;
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (a == null || prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("CORTEGE_TRUSTED_PROXIES: \"" + part
                        + "\" is not an address or a CIDR block (e.g. 127.0.0.1/32, 172.16.0.0/12, ::1/128)");
            }
            rules.add(new IpSubnetFilterRule(a, prefix, IpFilterRuleType.ACCEPT));
        }
        return rules;
    }
}
