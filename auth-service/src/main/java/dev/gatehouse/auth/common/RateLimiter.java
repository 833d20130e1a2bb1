package dev.gatehouse.auth.common;

import io.netty.util.NetUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sliding one-minute window per (action, client), estimated from two fixed windows: the current minute's count
 * plus the previous minute's, weighted by how much of it still lies within the last sixty seconds. Unlike fixed
 * windows, a burst at the end of one minute cannot be followed by a second full burst at the start of the next
 * (twice the limit in a few seconds: twice the guesses at a code). In memory, so per replica: with N replicas a client gets at
 * most N times the limit, which still stops brute force and floods; a shared limiter is an Ingress concern.
 *
 * <p>The counts live in two generations, this minute's and the last one's; when a minute turns, the older one is
 * dropped whole, so no request ever walks the counts (an earlier version swept them on the request that found more
 * than {@value #MAX_TRACKED}, and under a flood of distinct addresses every request swept them all). A generation
 * counts at most {@value #MAX_TRACKED} clients per action on its own; clients first seen after that share one count per
 * action until the minute turns: memory stays bounded, the flood is limited as one client, and a client already
 * counted keeps its own budget. IPv6 clients count per /64 (one subscriber's network), so that one host cannot take a
 * fresh budget from each of its addresses.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    static final int MAX_TRACKED = 100_000;

    @Inject
    Clock clock;

    @Inject
    RequestOrigin origin;

    private volatile Generations generations = new Generations(new Minute(Long.MIN_VALUE), null);

    /**
     * Limits the client of the current request, by its address. Behind app-ui or an Ingress that address comes
     * from X-Forwarded-For, which Quarkus honours only from {@code quarkus.http.proxy.trusted-proxies}; anything
     * else sent in that header is ignored, so a client can neither spoof its way out of its bucket nor into
     * another's.
     */
    public void checkClient(String action, int perMinute) {
        check(action, clientOf(origin.clientAddress()), perMinute);
    }

    public void check(String action, String client, int perMinute) {
        refuseOver(perMinute, action, client, true);
    }

    /**
     * Refuses {@code client} when one more attempt would be over its budget, without counting this one: for an
     * attempt whose client is not proven yet ({@code client} is only what the request claims), {@link #count}ed once
     * it is, so that nobody can spend another's budget by claiming to be them.
     */
    public void refuseIfOver(String action, String client, int perMinute) {
        refuseOver(perMinute, action, client, false);
    }

    /** Counts an attempt let through by {@link #refuseIfOver} once its client is proven. */
    public void count(String action, String client) {
        generationsAt(clock.millis() / 60_000).thisMinute().count(action, action + "|" + client);
    }

    private void refuseOver(int perMinute, String action, String client, boolean counting) {
        long now = clock.millis();
        Generations current = generationsAt(now / 60_000);
        String key = action + "|" + client;
        int count = counting ? current.thisMinute().count(action, key) : current.thisMinute().counted(key) + 1;
        int previous = current.lastMinute() == null ? 0 : current.lastMinute().counted(key);
        double previousWeight = (60_000 - now % 60_000) / 60_000.0;
        if (count + previous * previousWeight > perMinute) {
            long retryAfter = Math.max(1, 60 - (now / 1000) % 60);
            throw new RateLimited(retryAfter);
        }
    }

    /** The counts of {@code minute} and of the minute before it, if there were any then. */
    private Generations generationsAt(long minute) {
        Generations current = generations;
        if (current.thisMinute().minute >= minute) {
            return current;
        }
        synchronized (this) {
            current = generations;
            if (current.thisMinute().minute < minute) {
                Minute last = current.thisMinute().minute == minute - 1 ? current.thisMinute() : null;
                current = new Generations(new Minute(minute), last);
                generations = current;
            }
            return current;
        }
    }

    /** The key an address is counted under: an IPv6 address by its /64, anything else as it is. */
    static String clientOf(String address) {
        if (address == null) {
            return "unknown";
        }
        // A literal only, never a lookup; an IPv4-mapped IPv6 address comes back as its IPv4 address.
        InetAddress parsed = address.indexOf(':') < 0 ? null : NetUtil.createInetAddressFromIpAddressString(address);
        if (parsed instanceof Inet6Address) {
            return HexFormat.of().formatHex(parsed.getAddress(), 0, 8) + "::/64";
        }
        return parsed == null ? address : parsed.getHostAddress();
    }

    private record Generations(Minute thisMinute, Minute lastMinute) {
    }

    /** One minute's counts, per action and client. */
    private static final class Minute {

        final long minute;
        private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicInteger> clientsPerAction = new ConcurrentHashMap<>();

        Minute(long minute) {
            this.minute = minute;
        }

        /**
         * Counts one more attempt under {@code key}, the action and client (refused ones too: hammering stays
         * limited); its count so far.
         */
        int count(String action, String key) {
            AtomicInteger count = counts.get(key);
            if (count == null) {
                count = counts.computeIfAbsent(key, k -> admitted(action) ? new AtomicInteger() : null);
            }
            if (count == null) {
                count = counts.computeIfAbsent(action, k -> new AtomicInteger()); // the latecomers' count: no '|'
            }
            return count.incrementAndGet();
        }

        /** Whether a client first seen now gets a count of its own; the first one that does not is logged. */
        private boolean admitted(String action) {
            int clients = clientsPerAction.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            if (clients == MAX_TRACKED + 1) {
                LOG.warnf("rate limit %s: over %d clients this minute; newcomers share one budget until the minute turns",
                        action, MAX_TRACKED);
            }
            return clients <= MAX_TRACKED;
        }

        int counted(String key) {
            AtomicInteger count = counts.get(key);
            return count == null ? 0 : count.get();
        }
    }
}
