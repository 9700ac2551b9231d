package io.fums.emulator.meter.link;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The timing and losses of one medium: transmissions are queued one after
 * another on the wire (one channel when half duplex, one per direction
 * otherwise) at the profile's byte rate. Shared by every meter on a shared
 * medium. Thread-safe.
 */
public final class Medium {

    private final LinkProfile profile;
    private final SplittableRandom random;
    private long busyDown;
    private long busyUp;

    /** A medium with {@code profile}; {@code seed} makes its losses reproducible. */
    public Medium(LinkProfile profile, long seed) {
        this.profile = profile;
        this.random = new SplittableRandom(seed);
    }

    public LinkProfile profile() {
        return profile;
    }

    /**
     * Queues a transmission of {@code octets}; returns when (System.nanoTime)
     * its last octet has reached the other end, latency included.
     *
     * @param towardsMeter the direction: DCU to meter (true) or meter to DCU
     */
    public synchronized long transmit(int octets, boolean towardsMeter) {
        long now = System.nanoTime();
        boolean down = towardsMeter || profile.halfDuplex();
        long start = Math.max(now, down ? busyDown : busyUp);
        long end = start + profile.transmitNanos(octets);
        if (down) {
            busyDown = end;
        } else {
            busyUp = end;
        }
        return end + profile.latencyMillis() * 1_000_000L;
    }

    /** Whether one receiver loses one frame (independent losses: no receiver state). */
    public synchronized boolean lost() {
        return profile.frameLossRate() > 0 && random.nextDouble() < profile.frameLossRate();
    }

    /**
     * Whether {@code receiver} loses the next frame. With bursts
     * ({@link LinkProfile#meanLossBurstFrames()} above 1) the receiver's
     * Gilbert-Elliott state moves first, frame by frame: good to bad with
     * probability {@code q}, bad to good with {@code r = 1 / burst}; every
     * frame in the bad state is lost, none in the good one, so the losses
     * average {@code q / (q + r)}, the profile's frame loss rate, and come in
     * runs of mean length {@code burst}.
     */
    public synchronized boolean lost(Receiver receiver) {
        double p = profile.frameLossRate();
        double burst = profile.meanLossBurstFrames();
        if (p <= 0 || burst <= 1) {
            return lost();
        }
        double toGood = 1 / burst;
        double toBad = p * toGood / (1 - p);
        receiver.bad = receiver.bad ? random.nextDouble() >= toGood : random.nextDouble() < toBad;
        return receiver.bad;
    }

    /** One receiver's channel state (one per meter and direction). */
    public static final class Receiver {
        private boolean bad;
    }

    /** Sleeps until {@code deadline} (System.nanoTime). */
    static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
