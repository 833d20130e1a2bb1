package dev.gatehouse.auth.support;

import dev.gatehouse.testing.RequiredTool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** TOTP codes from Debian's oathtool (an implementation that is not ours), at the service's clock. */
public final class Oathtool {

    private Oathtool() {
    }

    /** The code at the service's clock plus {@code offsetSeconds}. */
    public static String code(String base32Key, MutableClock clock, long offsetSeconds) throws IOException, InterruptedException {
        long at = Instant.now().plus(clock.offset()).getEpochSecond() + offsetSeconds;
        Process process = new ProcessBuilder(RequiredTool.path("oathtool", "oathtool"), "--totp", "-b", "--now=@" + at, base32Key)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("oathtool: " + out);
        }
        return out;
    }
}
