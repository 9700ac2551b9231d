package io.fums.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on the loopback interface for servers that tests start. */
public final class FreePorts {

    /** Lowest port handed out: above Pax Exam's RMI registry ports (21000 to 21099). */
    static final int LOW = 21_100;

    /** First port of the kernel's ephemeral range on Linux: outgoing connections take ports from here up. */
    static final int EPHEMERAL = 32_768;

    /** System property "k/n": this JVM is test fork k of n and takes its ports from the k-th slice. */
    public static final String SLICE_PROPERTY = "fums.test.portSlice";

    private FreePorts() {
    }

    /**
     * A base port with {@code count} free ports from it, below the kernel's
     * ephemeral range, so that no outgoing connection of this machine can take
     * one of them between this check and the server's bind.
     *
     * @throws IllegalStateException if no such range was found
     */
    public static int base(int count) {
        if (count < 1 || count > EPHEMERAL - LOW) {
            throw new IllegalArgumentException("count " + count);
        }
        int[] range = slice(System.getProperty(SLICE_PROPERTY));
        int low = range[0];
        int high = range[1];
        if (count > high - low) {
            throw new IllegalArgumentException("count " + count + " exceeds this fork's " + (high - low) + " ports");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = low + random.nextInt(high - low - count + 1);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no range of " + count + " free ports below " + EPHEMERAL);
    }

    /**
     * The ports {@code [low, high)} this JVM hands out: all of them, or with
     * {@code spec} "k/n" (e.g. "2/2", as the build sets for parallel test
     * forks) the k-th of n equal slices, so that forks never pick the same
     * port between the check and the bind.
     */
    static int[] slice(String spec) {
        if (spec == null || spec.isBlank()) {
            return new int[] {LOW, EPHEMERAL};
        }
        String[] parts = spec.trim().split("/");
        int k;
        int n;
        try {
            k = Integer.parseInt(parts[0]);
            n = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            n = -1;
            k = -1;
        }
        if (parts.length != 2 || n < 1 || n > 16 || k < 1 || k > n) {
            throw new IllegalArgumentException(SLICE_PROPERTY + " must be k/n with 1 <= k <= n <= 16, not '" + spec + "'");
        }
        int width = (EPHEMERAL - LOW) / n;
        int low = LOW + (k - 1) * width;
        return new int[] {low, low + width};
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress("127.0.0.1", p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
