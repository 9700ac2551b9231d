package io.fums.dlms.security;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;

/**
 * The invocation counters of one end of a ciphered association (Green Book
 * 9.2.7.2.4.x): the counter this end puts into the next APDU it protects,
 * and the highest counter accepted from the peer. A received APDU whose
 * counter is not above the last accepted one is a replay and is refused.
 *
 * <p>Keep one instance per peer for as long as the keys live, across
 * associations, and persist it ({@link #nextToSend()}, {@link #lastReceived()})
 * : a peer that forgets its counter is refused by the other side. Thread-safe.
 */
public final class InvocationCounters {

    private static final long MAX = 0xFFFF_FFFFL;

    private long nextToSend;
    private long lastReceived;
    private long replaysRefused;
    private long authenticationFailures;

    /** Fresh counters: the first APDU sent carries 1, any peer counter is accepted first. */
    public InvocationCounters() {
        this(1, -1);
    }

    /**
     * Restored counters.
     *
     * @param nextToSend   the counter of the next APDU to send, 0..4294967295
     * @param lastReceived the highest peer counter accepted so far, or -1 for none
     */
    public InvocationCounters(long nextToSend, long lastReceived) {
        if (nextToSend < 0 || nextToSend > MAX + 1 || lastReceived < -1 || lastReceived > MAX) {
            throw new IllegalArgumentException("invocation counters are 32-bit");
        }
        this.nextToSend = nextToSend;
        this.lastReceived = lastReceived;
    }

    /**
     * Takes the counter for the next APDU to send.
     *
     * @throws DlmsException METER_AUTH_FAILED when the counter is exhausted (new keys are needed)
     */
    public synchronized long take() throws DlmsException {
        if (nextToSend > MAX) {
            throw new DlmsException(ErrorCode.METER_AUTH_FAILED, "invocation counter exhausted: new keys needed");
        }
        return nextToSend++;
    }

    /**
     * Records a peer counter after its APDU was authenticated.
     *
     * @throws DlmsException METER_AUTH_FAILED if it is not above the last one accepted (a replay)
     */
    public synchronized void acceptReceived(long counter) throws DlmsException {
        if (counter <= lastReceived) {
            replaysRefused++;
            throw new DlmsException(ErrorCode.METER_AUTH_FAILED, "replayed invocation counter " + counter
                    + " (last accepted " + lastReceived + ")");
        }
        lastReceived = counter;
    }

    /**
     * Whether a received counter is a replay (not above the last accepted),
     * without authenticating its APDU: a replay is counted
     * ({@link #replaysRefused()}) and must be refused; otherwise nothing changes
     * ({@link #acceptReceived} records the counter once the APDU is authenticated).
     *
     * @since 1.2.0
     */
    public synchronized boolean refuseIfReplayed(long counter) {
        if (counter > lastReceived) {
            return false;
        }
        replaysRefused++;
        return true;
    }

    /**
     * Counts a received APDU whose authentication tag did not verify (wrong
     * keys or a tampered frame); {@link SecureChannel} calls it.
     *
     * @since 1.2.0
     */
    public synchronized void authenticationFailed() {
        authenticationFailures++;
    }

    /**
     * How many received APDUs failed authentication (GCM tag) with this instance.
     *
     * @since 1.2.0
     */
    public synchronized long authenticationFailures() {
        return authenticationFailures;
    }

    /** The counter the next protected APDU will carry. */
    public synchronized long nextToSend() {
        return nextToSend;
    }

    /** How many received APDUs were refused as replays (a counter not above the last accepted) by this instance. */
    public synchronized long replaysRefused() {
        return replaysRefused;
    }

    /** The highest peer counter accepted, -1 for none. */
    public synchronized long lastReceived() {
        return lastReceived;
    }

    @Override
    public synchronized String toString() {
        return "InvocationCounters[next=" + nextToSend + ", lastReceived=" + lastReceived + "]";
    }
}
