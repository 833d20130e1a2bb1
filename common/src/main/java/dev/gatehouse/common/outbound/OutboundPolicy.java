package dev.gatehouse.common.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Where Gatehouse may send a request that someone else chose the address of (SAML metadata URLs, OIDC
 * discovery, token, JWKS and userinfo endpoints, webhooks): design.md §6. A tenant admin or a setup-link holder
 * types these URLs, so without this they could make us reach the cluster's insides (SSRF).
 *
 * @param allowHttp         plain http besides https (local development only)
 * @param addressAllowed    whether a resolved address may be connected to; {@link #isPublic} in production
 */
public record OutboundPolicy(boolean allowHttp, Predicate<InetAddress> addressAllowed) {

    /** Production: https to public addresses only. */
    public static OutboundPolicy strict() {
        return of(false, false);
    }

    /** As a service's {@code gatehouse.outbound.*} configuration says; both relaxations are for a local demo only. */
    public static OutboundPolicy of(boolean allowHttp, boolean allowPrivateAddresses) {
        return new OutboundPolicy(allowHttp, allowPrivateAddresses ? address -> true : OutboundPolicy::isPublic);
    }

    /**
     * False for every address that is not on the public internet: loopback, unspecified, link-local (cloud
     * metadata at 169.254.169.254), private (RFC 1918), CGNAT 100.64.0.0/10, benchmarking 198.18.0.0/15,
     * "this network" 0.0.0.0/8, multicast and reserved 240.0.0.0/4, IPv6 unique-local fc00::/7, site-local,
     * NAT64 64:ff9b::/96 and IPv4-mapped or -compatible addresses (which reach IPv4 hosts by other names).
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && first != 10 && first != 127
                    && !(first == 100 && second >= 64 && second <= 127)
                    && !(first == 169 && second == 254)
                    && !(first == 172 && second >= 16 && second <= 31)
                    && !(first == 192 && second == 168)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19))
                    && first < 224;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc || (first == 0xfe && (b[1] & 0xc0) == 0xc0)) {
                return false;
            }
            boolean leadingZeros = true;
            for (int i = 0; i < 10; i++) {
                leadingZeros &= b[i] == 0;
            }
            // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach IPv4 hosts: never through the IPv6 door.
            if (leadingZeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                return false;
            }
            // 64:ff9b::/96, the well-known NAT64 prefix, translates to any IPv4 address, internal ones included.
            return !(b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b);
        }
        return false;
    }
}
