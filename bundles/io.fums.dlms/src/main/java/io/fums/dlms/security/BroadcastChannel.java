package io.fums.dlms.security;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsException;
import java.util.Objects;

/**
 * Broadcast ciphering (Green Book 9.2.7.2.4): xDLMS APDUs glo-ciphered with
 * the global broadcast encryption key (GBEK) instead of the unicast key. The
 * security control byte has the key-set bit ({@link SecuritySuite0#SC_BROADCAST_KEY})
 * set, with authenticated encryption: SC 0x70 for suite 0, 0x71 for suite 1.
 * Everything else is as for unicast ciphering: AES-GCM-128, the
 * authentication key in the AAD (SC || AK), the IV the sender's system
 * title and the 4-byte invocation counter. The GBEK has its own invocation
 * counter at the sender, never reused (as the unicast key's), and every
 * receiver refuses a counter not above the last broadcast it accepted.
 *
 * <p>The sender (a DCU) protects with {@link #protect}; each receiver (a
 * meter) opens with {@link #unprotect} on a channel made with the sender's
 * system title (from its association) and its own {@link BroadcastKey}
 * counters. Only glo-ciphering: there is no dedicated broadcast key.
 * Thread-safe as the counters are.
 *
 * @since 1.4.0
 */
public final class BroadcastChannel {

    private final byte[] senderSystemTitle;
    private final SecurityKeys keys;
    private final InvocationCounters counters;
    private final int sc;

    /**
     * A channel.
     *
     * @param senderSystemTitle the sending client's system title, 8 bytes
     * @param broadcastKey      the GBEK, 16 bytes
     * @param authenticationKey the AK (the same as for unicast), 16 bytes
     * @param counters          the sender's counters (it takes from them) or the receiver's (it checks them)
     * @param suite             the security suite, 0 or 1
     */
    public BroadcastChannel(byte[] senderSystemTitle, byte[] broadcastKey, byte[] authenticationKey,
            InvocationCounters counters, int suite) {
        if (suite < 0 || suite > SecuritySuite1.SUITE_ID) {
            throw new IllegalArgumentException("security suite 0 or 1");
        }
        if (senderSystemTitle == null || senderSystemTitle.length != 8) {
            throw new IllegalArgumentException("a system title has 8 bytes");
        }
        this.senderSystemTitle = senderSystemTitle.clone();
        this.keys = new SecurityKeys(broadcastKey, authenticationKey);
        this.counters = Objects.requireNonNull(counters, "counters");
        this.sc = SecuritySuite0.SC_BROADCAST_KEY | SecuritySuite0.SC_AUTHENTICATED_ENCRYPTION | suite;
    }

    /** Whether {@code apdu} is glo-ciphered with the broadcast key set (without checking anything else). */
    public static boolean isBroadcastCiphered(byte[] apdu) {
        if (apdu == null || apdu.length < 3 || !CipheredApdu.isCiphered(apdu[0] & 0xFF)) {
            return false;
        }
        int at = 2 + ((apdu[1] & 0x80) == 0 ? 0 : apdu[1] & 0x7F); // SC follows the A-XDR length
        return at < apdu.length && (apdu[at] & SecuritySuite0.SC_BROADCAST_KEY) != 0;
    }

    /**
     * Protects a plain SET or ACTION request with the broadcast key and the next counter.
     *
     * @throws DlmsException METER_AUTH_FAILED when the counter is exhausted (a new broadcast key is needed)
     */
    public byte[] protect(byte[] plain) throws DlmsException {
        int tag = CipheredApdu.gloTag(plain[0] & 0xFF);
        if (tag < 0) {
            throw new IllegalArgumentException("cannot glo-cipher tag 0x" + Integer.toHexString(plain[0] & 0xFF));
        }
        long ic = counters.take();
        return new CipheredApdu(tag, sc, ic, SecuritySuite0.protect(sc, senderSystemTitle, ic, keys, plain)).encode();
    }

    /**
     * Checks and deciphers a broadcast-key APDU from the sender. A replayed
     * counter is refused before any deciphering and counted ({@link
     * InvocationCounters#replaysRefused()}), a tag that does not verify is
     * counted ({@link InvocationCounters#authenticationFailures()}); neither
     * changes the last accepted counter.
     *
     * @throws DlmsException METER_PROTOCOL if malformed, ded-ciphered, not of the broadcast key set, not
     *         authenticated and encrypted, of another suite or the inner tag does not match; METER_AUTH_FAILED if
     *         the counter is replayed or the tag does not verify
     */
    public byte[] unprotect(byte[] apdu, DecodeLimits limits) throws DlmsException {
        CipheredApdu c = CipheredApdu.decode(apdu, limits);
        if (CipheredApdu.isDedicated(c.tag()) || c.securityControl() != sc) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "not a broadcast APDU of this channel (tag 0x"
                    + Integer.toHexString(c.tag()) + ", SC 0x" + Integer.toHexString(c.securityControl())
                    + ", expected glo-ciphered with SC 0x" + Integer.toHexString(sc) + ")");
        }
        if (counters.refuseIfReplayed(c.invocationCounter())) {
            throw new DlmsException(ErrorCode.METER_AUTH_FAILED, "replayed broadcast invocation counter "
                    + c.invocationCounter() + " (last accepted " + counters.lastReceived() + ")");
        }
        byte[] plain;
        try {
            plain = SecuritySuite0.unprotect(sc, senderSystemTitle, c.invocationCounter(), keys, c.payload());
        } catch (DlmsException e) {
            if (e.code() == ErrorCode.METER_AUTH_FAILED) {
                counters.authenticationFailed();
            }
            throw e;
        }
        if (plain.length == 0 || (plain[0] & 0xFF) != CipheredApdu.plainTag(c.tag())) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "ciphered APDU tag 0x" + Integer.toHexString(c.tag())
                    + " does not match its content");
        }
        counters.acceptReceived(c.invocationCounter());
        return plain;
    }

    /** The counters in use. */
    public InvocationCounters counters() {
        return counters;
    }
}
