package io.fums.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class TestSupportTest {

    @Test
    void aFreePortRangeLiesBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int base = FreePorts.base(8);
        assertThat(base).isBetween(FreePorts.LOW, FreePorts.EPHEMERAL - 8);
        for (int p = base; p < base + 8; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", p));
                assertThat(s.getLocalPort()).isEqualTo(p);
            }
        }
    }

    @Test
    void parallelForksTakeDisjointPortSlicesAndABadSliceIsRefused() {
        int[] whole = FreePorts.slice(null);
        assertThat(whole).containsExactly(FreePorts.LOW, FreePorts.EPHEMERAL);
        int[] first = FreePorts.slice("1/2");
        int[] second = FreePorts.slice("2/2");
        assertThat(first[0]).isEqualTo(FreePorts.LOW);
        assertThat(first[1]).isEqualTo(second[0]);
        assertThat(second[1]).isLessThanOrEqualTo(FreePorts.EPHEMERAL);
        assertThat(first[0]).isGreaterThan(21_099); // Pax Exam's RMI registry takes 21000 to 21099
        for (String bad : new String[] {"0/2", "3/2", "2", "a/b", "1/0", "1/17"}) {
            assertThatThrownBy(() -> FreePorts.slice(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(FreePorts.SLICE_PROPERTY);
        }
    }

    @Test
    void aWaitEndsAsSoonAsItsConditionHoldsAndFailsNamedWhenItNeverDoes() {
        AtomicInteger polls = new AtomicInteger();
        Conditions.await("three polls").until(() -> polls.incrementAndGet() == 3);
        assertThat(polls).hasValue(3);

        assertThatThrownBy(() -> Conditions.await("never", Duration.ofMillis(100)).until(() -> false))
                .isInstanceOf(ConditionTimeoutException.class).hasMessageContaining("never");
        assertThat(Conditions.within(Duration.ofMillis(100), () -> false)).isFalse();
        assertThat(Conditions.within(Duration.ofMillis(100), () -> true)).isTrue();
        AtomicInteger calls = new AtomicInteger();
        assertThat(Conditions.within(Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not there yet");
            }
            return true;
        })).as("an exception is not yet").isTrue();
    }
}
