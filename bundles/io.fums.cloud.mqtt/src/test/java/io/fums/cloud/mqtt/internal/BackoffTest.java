package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void capDoublesUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        long[] expected = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (long e : expected) {
            assertThat(b.next().toMillis()).isEqualTo(e);
        }
    }

    @Test
    void lowestDrawIsHalfTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (long e : expected) {
            assertThat(b.next().toMillis()).isEqualTo(e);
        }
    }

    @Test
    void jitterSpreadsDelaysOverTheUpperHalf() {
        Random r = new Random(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), r::nextDouble);
            b.next();
            b.next();
            long d = b.next().toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isBetween(2000L, 2100L);
        assertThat(max).isBetween(3900L, 4000L);
    }

    @Test
    void resetStartsOver() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999999);
        b.next();
        b.next();
        b.next();
        assertThat(b.attempts()).isEqualTo(3);
        b.reset();
        assertThat(b.attempts()).isZero();
        assertThat(b.next().toMillis()).isEqualTo(100);
    }

    @Test
    void manyAttemptsNeverOverflow() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofHours(1), () -> 0.999999);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 500; i++) {
            last = b.next();
        }
        assertThat(last).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
    }

    @Test
    void maximumBelowMinimumUsesTheMinimum() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 0.999999);
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(5));
    }
}
