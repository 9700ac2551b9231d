package io.fums.emulator.meter.link;

/**
 * The physical medium between the DCU and one meter, or shared by several:
 * what the population config calls {@code link}.
 *
 * @param bytesPerSecond octets per second on the wire, 0 for unlimited (9600 baud 8N1 = 960)
 * @param latencyMillis  one-way delay added to every frame (modem, radio hop)
 * @param frameLossRate  probability that a frame is lost, in each direction, for each receiver
 * @param halfDuplex     whether both directions share one channel (RS-485, PLC) rather than
 *                       one each (TCP, full-duplex serial)
 * @param meanLossBurstFrames 0 or 1: each frame is lost on its own with {@code frameLossRate}; more: the
 *                       losses come in bursts of that mean length (frames), a two-state Gilbert-Elliott
 *                       channel per receiver and direction whose average loss is still {@code frameLossRate}
 */
public record LinkProfile(long bytesPerSecond, long latencyMillis, double frameLossRate, boolean halfDuplex,
                          double meanLossBurstFrames) {

    /** No limit, no delay, no loss. */
    public static final LinkProfile UNLIMITED = new LinkProfile(0, 0, 0, false);

    /** Independent losses. */
    public LinkProfile(long bytesPerSecond, long latencyMillis, double frameLossRate, boolean halfDuplex) {
        this(bytesPerSecond, latencyMillis, frameLossRate, halfDuplex, 0);
    }

    /** Validates. */
    public LinkProfile {
        if (bytesPerSecond < 0 || latencyMillis < 0) {
            throw new IllegalArgumentException("link rate and latency must not be negative");
        }
        if (!(frameLossRate >= 0 && frameLossRate < 1)) {
            throw new IllegalArgumentException("frame loss rate must be 0..1 (exclusive)");
        }
        if (!(meanLossBurstFrames >= 0 && meanLossBurstFrames <= 1_000_000)) {
            throw new IllegalArgumentException("mean loss burst must be 0..1000000 frames");
        }
    }

    /** A serial line of {@code baud} with 8N1 framing (10 bits per octet), half duplex. */
    public static LinkProfile serial(long baud) {
        return new LinkProfile(baud / 10, 0, 0, true);
    }

    /** Whether this profile changes anything. */
    public boolean isUnlimited() {
        return bytesPerSecond == 0 && latencyMillis == 0 && frameLossRate == 0;
    }

    /** The time on the wire of {@code octets}, ns. */
    long transmitNanos(int octets) {
        return bytesPerSecond == 0 ? 0 : octets * 1_000_000_000L / bytesPerSecond;
    }
}
