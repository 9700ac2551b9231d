package io.fums.dlms.security;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsException;
import java.util.Objects;

/**
 * Protection of the xDLMS APDUs of one ciphered association with security
 * suite 0 or 1, authenticated encryption (SC 0x30 or 0x31; both suites cipher
 * with AES-GCM-128): glo-ciphering with the global
 * key, or ded-ciphering with the dedicated key the client sent in its
 * InitiateRequest. APDUs are protected with this end's system title and
 * counter and checked against the peer's system title; a peer counter that
 * does not increase is refused as a replay. Used by one session thread.
 */
public final class SecureChannel {

    private final byte[] ownSystemTitle;
    private final byte[] peerSystemTitle;
    private final SecurityKeys keys;
    private final SecurityKeys dedicatedKeys;
    private final InvocationCounters counters;
    private final int sc;

    /** The result of {@link #unprotect}: the plain APDU and whether it came ded-ciphered. */
    public record Opened(byte[] apdu, boolean dedicated) {
    }

    /**
     * A channel.
     *
     * @param ownSystemTitle  this end's system title, 8 bytes
     * @param peerSystemTitle the peer's system title, 8 bytes (from the AARQ or AARE)
     * @param keys            the global keys
     * @param dedicatedKey    the association's dedicated key (16 bytes), or null
     * @param counters        this end's counters for this peer
     */
    public SecureChannel(byte[] ownSystemTitle, byte[] peerSystemTitle, SecurityKeys keys, byte[] dedicatedKey,
            InvocationCounters counters) {
        this(ownSystemTitle, peerSystemTitle, keys, dedicatedKey, counters, 0);
    }

    /**
     * A channel of security suite {@code suite} (0 or 1): APDUs go out with
     * SC 0x30 | suite, and an APDU of another suite is refused.
     */
    public SecureChannel(byte[] ownSystemTitle, byte[] peerSystemTitle, SecurityKeys keys, byte[] dedicatedKey,
            InvocationCounters counters, int suite) {
        if (suite < 0 || suite > SecuritySuite1.SUITE_ID) {
            throw new IllegalArgumentException("security suite 0 or 1");
        }
        this.sc = SecuritySuite0.SC_AUTHENTICATED_ENCRYPTION | suite;
        this.ownSystemTitle = checkTitle(ownSystemTitle);
        this.peerSystemTitle = checkTitle(peerSystemTitle);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.dedicatedKeys = dedicatedKey == null ? null : keys.withBlockCipherKey(dedicatedKey);
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    private static byte[] checkTitle(byte[] t) {
        if (t == null || t.length != 8) {
            throw new IllegalArgumentException("a system title has 8 bytes");
        }
        return t.clone();
    }

    /** Whether {@code apdu} starts with a glo- or ded-ciphered tag. */
    public static boolean isProtected(byte[] apdu) {
        return apdu.length > 0 && CipheredApdu.isCiphered(apdu[0] & 0xFF);
    }

    /**
     * Protects a plain APDU (GET/SET/ACTION request or response, InitiateRequest
     * or InitiateResponse).
     *
     * @param dedicated use ded-ciphering with the dedicated key (only for GET/SET/ACTION)
     * @throws DlmsException METER_AUTH_FAILED when this end's counter is exhausted
     */
    public byte[] protect(byte[] plain, boolean dedicated) throws DlmsException {
        int plainTag = plain[0] & 0xFF;
        int tag = dedicated ? CipheredApdu.dedTag(plainTag) : CipheredApdu.gloTag(plainTag);
        if (tag < 0 || dedicated && dedicatedKeys == null) {
            throw new IllegalArgumentException("cannot " + (dedicated ? "ded" : "glo") + "-cipher tag 0x"
                    + Integer.toHexString(plainTag));
        }
        long ic = counters.take();
        byte[] payload = SecuritySuite0.protect(sc, ownSystemTitle, ic, dedicated ? dedicatedKeys : keys, plain);
        return new CipheredApdu(tag, sc, ic, payload).encode();
    }

    /**
     * Checks and deciphers a ciphered APDU from the peer.
     *
     * @throws DlmsException METER_PROTOCOL if malformed, not authenticated
     *         (SC without the A bit), of another security suite or the inner tag does not match; METER_AUTH_FAILED
     *         if the tag does not verify or the counter is replayed
     */
    public Opened unprotect(byte[] apdu, DecodeLimits limits) throws DlmsException {
        CipheredApdu c = CipheredApdu.decode(apdu, limits);
        if ((c.securityControl() & 0x10) == 0) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "APDU is not authenticated (SC 0x"
                    + Integer.toHexString(c.securityControl()) + ")");
        }
        if ((c.securityControl() & SecuritySuite0.SC_BROADCAST_KEY) != 0) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "APDU of the broadcast key set (SC 0x"
                    + Integer.toHexString(c.securityControl()) + ") where the unicast key is expected");
        }
        if ((c.securityControl() & 0x0F) != (sc & 0x0F)) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "APDU of security suite " + (c.securityControl() & 0x0F)
                    + " on a suite " + (sc & 0x0F) + " association");
        }
        boolean dedicated = CipheredApdu.isDedicated(c.tag());
        if (dedicated && dedicatedKeys == null) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "ded-ciphered APDU without a dedicated key");
        }
        byte[] plain;
        try {
            plain = SecuritySuite0.unprotect(c.securityControl(), peerSystemTitle, c.invocationCounter(),
                    dedicated ? dedicatedKeys : keys, c.payload());
        } catch (DlmsException e) {
            if (e.code() == ErrorCode.METER_AUTH_FAILED) {
                counters.authenticationFailed();
            }
            throw e;
        }
        counters.acceptReceived(c.invocationCounter());
        if (plain.length == 0 || (plain[0] & 0xFF) != CipheredApdu.plainTag(c.tag())) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "ciphered APDU tag 0x" + Integer.toHexString(c.tag())
                    + " does not match its content");
        }
        return new Opened(plain, dedicated);
    }

    /**
     * The peer's system title (for a meter: the client's, from its AARQ).
     *
     * @since 1.4.0
     */
    public byte[] peerSystemTitle() {
        return peerSystemTitle.clone();
    }

    /**
     * The security suite, 0 or 1.
     *
     * @since 1.4.0
     */
    public int suite() {
        return sc & 0x0F;
    }

    /** The counters in use. */
    public InvocationCounters counters() {
        return counters;
    }
}
