package io.fums.emulator.meter.link;

import java.util.ArrayDeque;

/**
 * Frames on their way to one receiver, each readable from the moment its
 * last octet arrives. Bounded: beyond {@link #MAX_BYTES} queued octets new
 * frames are dropped (a flooding peer loses its own frames). Thread-safe.
 */
final class TimedQueue {

    static final int MAX_BYTES = 1 << 20;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final ArrayDeque<Long> times = new ArrayDeque<>();
    private int headOffset;
    private int queuedBytes;
    private boolean ended;

    synchronized void offer(byte[] frame, long atNanos) {
        if (ended || queuedBytes + frame.length > MAX_BYTES) {
            return;
        }
        frames.add(frame);
        times.add(atNanos);
        queuedBytes += frame.length;
        notifyAll();
    }

    /** No more frames will come: readers get what is queued, then -1. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized boolean ended() {
        return ended && frames.isEmpty();
    }

    /** Reads from the first due frame: octets read, 0 on timeout, -1 once ended and empty. */
    synchronized int take(byte[] buf, int off, int len, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        while (true) {
            long now = System.nanoTime();
            byte[] head = frames.peek();
            if (head != null && times.peek() <= now) {
                int n = Math.min(len, head.length - headOffset);
                System.arraycopy(head, headOffset, buf, off, n);
                headOffset += n;
                if (headOffset == head.length) {
                    frames.poll();
                    times.poll();
                    queuedBytes -= head.length;
                    headOffset = 0;
                }
                return n;
            }
            if (head == null && ended) {
                return -1;
            }
            long until = head == null ? deadline : Math.min(deadline, times.peek());
            long wait = until - now;
            if (deadline - now <= 0) {
                return 0;
            }
            if (wait > 0) {
                wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
        }
    }
}
