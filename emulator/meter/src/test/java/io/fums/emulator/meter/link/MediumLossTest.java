package io.fums.emulator.meter.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The medium's loss models (issue 14 (c)): independent losses, and bursts
 * from a two-state Gilbert-Elliott channel per receiver whose average loss
 * is the same and whose runs of lost frames have the configured mean length.
 */
@Tag("SM-3")
class MediumLossTest {

    private static final int FRAMES = 2_000_000;

    @Test
    void burstsKeepTheAverageLossAndHaveTheirMeanLength() {
        Medium m = new Medium(new LinkProfile(0, 0, 0.02, true, 10), 42);
        Medium.Receiver a = new Medium.Receiver();
        Medium.Receiver b = new Medium.Receiver();
        Runs ra = new Runs();
        Runs rb = new Runs();
        for (int i = 0; i < FRAMES; i++) {
            ra.add(m.lost(a));
            rb.add(m.lost(b));
        }
        for (Runs r : new Runs[] {ra, rb}) {
            assertThat(r.lost / (double) FRAMES).isCloseTo(0.02, within(0.002));
            assertThat(r.lost / (double) r.runs).isCloseTo(10.0, within(0.6));
        }
    }

    @Test
    void withoutBurstsTheLossesAreIndependent() {
        Medium m = new Medium(new LinkProfile(0, 0, 0.02, true), 7);
        Medium.Receiver a = new Medium.Receiver();
        Runs r = new Runs();
        for (int i = 0; i < FRAMES; i++) {
            r.add(m.lost(a));
        }
        assertThat(r.lost / (double) FRAMES).isCloseTo(0.02, within(0.002));
        // independent: a run continues with probability 0.02, mean length 1 / 0.98
        assertThat(r.lost / (double) r.runs).isCloseTo(1 / 0.98, within(0.01));
    }

    @Test
    void noLossLosesNothing() {
        Medium m = new Medium(new LinkProfile(0, 0, 0, true, 10), 1);
        Medium.Receiver a = new Medium.Receiver();
        for (int i = 0; i < 10_000; i++) {
            assertThat(m.lost(a)).isFalse();
        }
    }

    /** Counts lost frames and runs of consecutive lost frames. */
    private static final class Runs {
        long lost;
        long runs;
        boolean last;

        void add(boolean l) {
            if (l) {
                lost++;
                if (!last) {
                    runs++;
                }
            }
            last = l;
        }
    }
}
