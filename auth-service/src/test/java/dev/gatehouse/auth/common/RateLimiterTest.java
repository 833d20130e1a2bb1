package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

    @Test
    void refusesTheRequestOverTheLimitWithRetryAfterAndSlidesOverTheNextMinute() {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:15Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        }
        RateLimited refused = assertThrows(RateLimited.class, () -> limiter.check("exchange", "10.0.0.1", 3));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).isEqualTo(45);
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.2", 3));
        assertDoesNotThrow(() -> limiter.check("refresh", "10.0.0.1", 3));
        // A burst late in one minute still counts at the start of the next (no second full burst at the boundary) ...
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:01:00Z"), ZoneOffset.UTC);
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "10.0.0.1", 3));
        // ... and weighs less as it slides out of the last sixty seconds (at :50, a sixth of the previous minute's four attempts).
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:01:50Z"), ZoneOffset.UTC);
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        // Two minutes on, nothing is left.
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:03:00Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        }
    }

    @Test
    void anAttemptWhoseClientIsUnprovenSpendsNothingUntilItIsCounted() {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:15Z"), ZoneOffset.UTC);
        // Any number of attempts in a user's name that never prove to be theirs leave the user's budget whole ...
        for (int i = 0; i < 10; i++) {
            assertDoesNotThrow(() -> limiter.refuseIfOver("refresh-user", "U1", 3));
        }
        // ... the proven ones spend it, and one more than the budget is refused before it is tried.
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.refuseIfOver("refresh-user", "U1", 3));
            limiter.count("refresh-user", "U1");
        }
        RateLimited refused = assertThrows(RateLimited.class, () -> limiter.refuseIfOver("refresh-user", "U1", 3));
        assertThat(refused.retryAfterSeconds()).isEqualTo(45);
        assertDoesNotThrow(() -> limiter.refuseIfOver("refresh-user", "U2", 3));
        // The counted attempts and those of check() are one budget.
        assertThrows(RateLimited.class, () -> limiter.check("refresh-user", "U1", 3));
    }

    @Test
    void aFloodOfNewClientsIsLimitedAsOneWhileTheClientsAlreadyCountedKeepTheirBudgets() {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:15Z"), ZoneOffset.UTC);
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        for (int i = 1; i < RateLimiter.MAX_TRACKED; i++) {
            limiter.check("exchange", "198.18." + (i >> 8) + "." + (i & 255) + "/" + i, 3);
        }
        // The minute's generation is full: whoever comes first now shares one budget with the others who do.
        for (int i = 0; i < 3; i++) {
            String newcomer = "192.0.2." + i;
            assertDoesNotThrow(() -> limiter.check("exchange", newcomer, 3));
        }
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "192.0.2.3", 3));
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "192.0.2.4", 3));
        // A client counted before the flood keeps its own budget, and another action its own clients.
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        assertDoesNotThrow(() -> limiter.check("login", "192.0.2.4", 3));
        // When the minute turns, the newcomers count on their own again: the shared count weighs on none of them.
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:01:05Z"), ZoneOffset.UTC);
        assertDoesNotThrow(() -> limiter.check("exchange", "192.0.2.3", 3));
        assertDoesNotThrow(() -> limiter.check("exchange", "192.0.2.3", 3));
        assertDoesNotThrow(() -> limiter.check("exchange", "192.0.2.3", 3));
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "192.0.2.3", 3));
    }

    @Test
    void aMinutesCountsGrowAsClientsComeAndAreReusedEmptiedWhenTheMinuteTurns() {
        RateLimiter.Counts counts = new RateLimiter.Counts("login");
        for (long client = 1; client <= 1000; client++) {
            assertThat(counts.count(client)).isEqualTo(1);
        }
        assertThat(counts.count(500)).isEqualTo(2);
        assertThat(counts.counted(1000)).isEqualTo(1);
        assertThat(counts.counted(1001)).isZero();
        assertThat(counts.slots()).isEqualTo(2048); // at most half full
        // Emptied for the next minute, it keeps its slots while they were used ...
        counts.empty();
        assertThat(counts.counted(500)).isZero();
        assertThat(counts.slots()).isEqualTo(2048);
        // ... and gives half of them back after a minute that used under a quarter.
        counts.count(7);
        counts.empty();
        assertThat(counts.slots()).isEqualTo(1024);
        counts.empty();
        counts.empty();
        counts.empty();
        assertThat(counts.slots()).isEqualTo(RateLimiter.Counts.INITIAL_SLOTS);
    }

    @Test
    void clientsWhoseKeysShareASlotKeepTheirOwnCounts() {
        RateLimiter.Counts counts = new RateLimiter.Counts("exchange");
        long first = 5;
        long second = 5 + RateLimiter.Counts.INITIAL_SLOTS; // the same first slot
        counts.count(first);
        counts.count(first);
        counts.count(second);
        assertThat(counts.counted(first)).isEqualTo(2);
        assertThat(counts.counted(second)).isEqualTo(1);
    }

    @Test
    void aBusyMinuteAndAQuietOneLeaveNoCountsBehindInTheTablesTheyLendOn() {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:15Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            limiter.check("exchange", "10.0.0.1", 3);
        }
        // 10:01 keeps 10:00 as its previous minute; 10:02 reuses 10:00's tables, which must be empty again (three
        // attempts left there would refuse the first one here).
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:01:00Z"), ZoneOffset.UTC);
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "10.0.0.1", 3));
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:02:59Z"), ZoneOffset.UTC);
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        // After a quiet stretch both generations are dropped and nothing of them counts.
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:07:00Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        }
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "10.0.0.1", 3));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64SoOneHostCannotTakeABudgetPerAddress() {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:15Z"), ZoneOffset.UTC);
        String[] address = {"2001:db8:1:2::1"};
        limiter.origin = new RequestOrigin() {
            @Override
            public String clientAddress() {
                return address[0];
            }
        };
        assertDoesNotThrow(() -> limiter.checkClient("login", 2));
        address[0] = "2001:db8:1:2:ffff:1:2:3";
        assertDoesNotThrow(() -> limiter.checkClient("login", 2));
        address[0] = "[2001:0db8:0001:0002:0000:0000:0000:0042]";
        assertThrows(RateLimited.class, () -> limiter.checkClient("login", 2));
        address[0] = "2001:db8:1:3::1";
        assertDoesNotThrow(() -> limiter.checkClient("login", 2));

        assertThat(RateLimiter.clientOf("2001:db8:1:2::1")).isEqualTo("20010db800010002::/64");
        assertThat(RateLimiter.clientOf("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(RateLimiter.clientOf("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(RateLimiter.clientOf("not:an:address")).isEqualTo("not:an:address");
        assertThat(RateLimiter.clientOf("example.com:443")).isEqualTo("example.com:443");
        assertThat(RateLimiter.clientOf(null)).isEqualTo("unknown");
    }
}
