package dev.gatehouse.e2e;

import java.util.Arrays;
import java.util.Random;

/**
 * How fast one core of this machine is at the moment: the time to sort 4 M random ints (a 16 MB array; branches and
 * memory, as a service's work is), the fastest of five passes. The machine kind is a shared VM whose speed changes
 * several-fold between hours and within one (Keycloak's CPU per refresh measured 1.1 to 8.3 ms in full runs of the
 * same code); a report that states this figure before and after its scenarios says which runs can be compared by
 * their rates, not only by their ratios.
 */
final class CoreSpeed {

    private static final int INTS = 1 << 22;
    private static final int PASSES = 5;

    private CoreSpeed() {
    }

    /** Milliseconds of the fastest pass. */
    static double sortMillis() {
        int[] source = new Random(1).ints(INTS).toArray();
        long fastest = Long.MAX_VALUE;
        for (int pass = 0; pass < PASSES; pass++) {
            int[] copy = source.clone();
            long start = System.nanoTime();
            Arrays.sort(copy);
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        return fastest / 1e6;
    }
}
