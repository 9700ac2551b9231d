package io.fums.cloud.mqtt.internal;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a timeout fails the test. */
final class Wait {

    private Wait() {
    }

    static void until(Callable<Boolean> condition) throws Exception {
        until(Duration.ofSeconds(10), condition);
    }

    static void until(Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
