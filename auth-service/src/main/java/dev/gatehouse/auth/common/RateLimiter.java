package dev.gatehouse.auth.common;

import io.netty.util.NetUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p>A generation's counts are kept per action in two arrays (a client's {@link SipHash} with this process's random
 * key, and its count), and when a minute turns the generation dropped lends its arrays, emptied, to the new minute:
 * under a steady stream of new clients the counts keep nothing new for the garbage collector to find. (A map of counter
 * objects did: each entry lived a minute or two, long enough to be promoted, then died in the old generation, which
 * a stream of sign-ins from many addresses filled within a minute or two, each time a full collection.) A thread
 * still holding the dropped generation while it is emptied counts into the new minute: at worst a few attempts
 * counted twice, never one forgotten.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    static final int MAX_TRACKED = 100_000;

    @Inject
    Clock clock;

    @Inject
    RequestOrigin origin;

    private final SipHash clientHash = SipHash.random();
    private volatile Generations generations = new Generations(new Minute(Long.MIN_VALUE, new Tables()), null);

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
        generationsAt(clock.millis() / 60_000).thisMinute().tables.of(action).count(key(client));
    }

    private void refuseOver(int perMinute, String action, String client, boolean counting) {
        long now = clock.millis();
        Generations current = generationsAt(now / 60_000);
        long key = key(client);
        Tables thisMinute = current.thisMinute().tables;
        int count = counting ? thisMinute.of(action).count(key) : thisMinute.counted(action, key) + 1;
        int previous = current.lastMinute() == null ? 0 : current.lastMinute().tables.counted(action, key);
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
                boolean consecutive = current.thisMinute().minute == minute - 1;
                Minute last = consecutive ? current.thisMinute() : null;
                // The generation dropped now; after a quiet minute or more, both are, and this minute's is the larger.
                Minute dropped = consecutive ? current.lastMinute() : current.thisMinute();
                Tables tables = dropped == null ? new Tables() : dropped.tables.emptied();
                current = new Generations(new Minute(minute, tables), last);
                generations = current;
            }
            return current;
        }
    }

    /** Where {@code client} is counted: never 0, which marks a free slot. */
    private long key(String client) {
        long hash = clientHash.hash(client.getBytes(StandardCharsets.UTF_8));
        return hash == 0 ? 1 : hash;
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

    /** One minute's counts. */
    private record Minute(long minute, Tables tables) {
    }

    /** A generation's counts per action, lent to a later minute once their own has been dropped. */
    private static final class Tables {

        private final ConcurrentHashMap<String, Counts> byAction = new ConcurrentHashMap<>();

        Counts of(String action) {
            return byAction.computeIfAbsent(action, Counts::new);
        }

        /** The attempts counted for {@code key}; a read, so it makes no table for an action not counted yet. */
        int counted(String action, long key) {
            Counts counts = byAction.get(action);
            return counts == null ? 0 : counts.counted(key);
        }

        Tables emptied() {
            byAction.values().forEach(Counts::empty);
            return this;
        }
    }

    /**
     * One action's attempts per client in a minute: an open-addressing table of client keys (0 marks a free slot) and
     * their counts, at most half full, grown by doubling; emptied for reuse, and halved then if it was less than a
     * quarter full. A minute's traffic is thousands of calls a second at most, so one lock per table is no contention.
     */
    static final class Counts {

        static final int INITIAL_SLOTS = 256;

        /** The action counted, for the log line. */
        private final String action;
        private long[] keys = new long[INITIAL_SLOTS];
        private int[] counts = new int[INITIAL_SLOTS];
        private int clients;
        /** The attempts of the clients first seen once {@value #MAX_TRACKED} had their own counts. */
        private int latecomers;

        Counts(String action) {
            this.action = action;
        }

        /**
         * Counts one more attempt of {@code key} (refused ones too: hammering stays limited); its count so far, or
         * the latecomers' when the table already counts {@value #MAX_TRACKED} others (the first one logged).
         */
        synchronized int count(long key) {
            int slot = slotOf(key);
            if (keys[slot] == 0) {
                if (clients >= MAX_TRACKED) {
                    if (latecomers == 0) {
                        LOG.warnf("rate limit %s: over %d clients this minute; newcomers share one budget until the minute turns",
                                action, MAX_TRACKED);
                    }
                    return ++latecomers;
                }
                if (2 * (clients + 1) > keys.length) {
                    resize(2 * keys.length);
                    slot = slotOf(key);
                }
                keys[slot] = key;
                clients++;
            }
            return ++counts[slot];
        }

        synchronized int counted(long key) {
            int slot = slotOf(key);
            return keys[slot] == 0 ? 0 : counts[slot];
        }

        synchronized void empty() {
            if (keys.length > INITIAL_SLOTS && 4 * clients < keys.length) {
                keys = new long[keys.length / 2];
                counts = new int[counts.length / 2];
            } else {
                Arrays.fill(keys, 0);
                Arrays.fill(counts, 0);
            }
            clients = 0;
            latecomers = 0;
        }

        synchronized int slots() {
            return keys.length;
        }

        /** Where {@code key} is, or the free slot where it would go. */
        private int slotOf(long key) {
            int mask = keys.length - 1;
            int slot = (int) (key ^ (key >>> 32)) & mask;
            while (keys[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private void resize(int slots) {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[slots];
            counts = new int[slots];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int slot = slotOf(oldKeys[i]);
                    keys[slot] = oldKeys[i];
                    counts[slot] = oldCounts[i];
                }
            }
        }
    }
}
