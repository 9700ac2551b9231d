package io.fums.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on the loopback interface for servers that tests start. */
public final class FreePorts {

    /** Lowest port handed out. */
    static final int LOW = 20_000;

    /** First port of the kernel's ephemeral range on Linux: outgoing connections take ports from here up. */
    static final int EPHEMERAL = 32_768;

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
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = LOW + random.nextInt(EPHEMERAL - LOW - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no range of " + count + " free ports below " + EPHEMERAL);
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
