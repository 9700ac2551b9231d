package io.fums.emulator.dlms.server;

import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.BroadcastKey;
import io.fums.dlms.security.EcdsaKeys;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * What a DLMS server (one logical device of a meter) requires and offers.
 *
 * <p>The {@code counters} object is mutable and shared on purpose: keep one
 * settings object per meter so that the client's invocation counter is
 * checked across associations (a replayed AARQ is refused), and persist it.
 *
 * @param authentication    the authentication every association must use
 * @param password          the LLS password; null otherwise
 * @param keys              the global unicast keys (AES-GCM-128), for HLS-GMAC, HLS-ECDSA and ciphering; else null
 * @param systemTitle       the meter's system title (8 bytes), for HLS and ciphering; else null
 * @param ciphering         require application context LN with ciphering: every xDLMS APDU glo- or ded-ciphered
 * @param counters          the meter's invocation counters (see above)
 * @param conformance       the services offered; an association gets the intersection with the client's
 * @param maxReceivePduSize the largest APDU the meter accepts, 64..65535 (longer ones get exception-response)
 * @param idleTimeout       a session ends after this long without a request; zero for never
 * @param maxValueLength    largest value reassembled from SET or ACTION blocks, in bytes
 * @param ecdsa             for HLS-ECDSA (suite 1): the meter's signing key and the client's public key; else null
 * @param broadcast         the meter's global broadcast encryption key and its counters: within a ciphered
 *                          association, unconfirmed requests ciphered with it are applied (since 1.4); else null
 */
public record ServerSettings(Authentication authentication, byte[] password, SecurityKeys keys, byte[] systemTitle,
        boolean ciphering, InvocationCounters counters, Conformance conformance, int maxReceivePduSize,
        Duration idleTimeout, int maxValueLength, EcdsaKeys ecdsa, BroadcastKey broadcast) {

    /** GET, SET, ACTION, selective access, multiple references, block transfer with all three. */
    public static final Conformance DEFAULT_CONFORMANCE = Conformance.of(Conformance.Bit.GET, Conformance.Bit.SET,
            Conformance.Bit.ACTION, Conformance.Bit.SELECTIVE_ACCESS, Conformance.Bit.MULTIPLE_REFERENCES,
            Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ, Conformance.Bit.BLOCK_TRANSFER_WITH_SET_OR_WRITE,
            Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION);

    /** Validates the combination and copies the arrays. */
    public ServerSettings {
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(conformance, "conformance");
        if (authentication == Authentication.LOW && (password == null || password.length == 0)) {
            throw new IllegalArgumentException("LLS needs a password");
        }
        if ((authentication.hls() || ciphering) && (keys == null || systemTitle == null)) {
            throw new IllegalArgumentException("HLS and ciphering need keys and a system title");
        }
        if ((authentication == Authentication.HIGH_ECDSA) != (ecdsa != null)) {
            throw new IllegalArgumentException("HLS-ECDSA, and only HLS-ECDSA, needs ECDSA keys");
        }
        if (systemTitle != null && systemTitle.length != 8) {
            throw new IllegalArgumentException("a system title has 8 bytes");
        }
        if (maxReceivePduSize < 64 || maxReceivePduSize > 0xFFFF) {
            throw new IllegalArgumentException("maxReceivePduSize must be 64..65535");
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero or positive");
        }
        if (maxValueLength < 1) {
            throw new IllegalArgumentException("maxValueLength must be positive");
        }
        password = password == null ? null : password.clone();
        systemTitle = systemTitle == null ? null : systemTitle.clone();
    }

    /** Settings without a broadcast key. */
    public ServerSettings(Authentication authentication, byte[] password, SecurityKeys keys, byte[] systemTitle,
            boolean ciphering, InvocationCounters counters, Conformance conformance, int maxReceivePduSize,
            Duration idleTimeout, int maxValueLength, EcdsaKeys ecdsa) {
        this(authentication, password, keys, systemTitle, ciphering, counters, conformance, maxReceivePduSize,
                idleTimeout, maxValueLength, ecdsa, null);
    }

    /** Settings without HLS-ECDSA keys (no security, LLS, HLS-GMAC). */
    public ServerSettings(Authentication authentication, byte[] password, SecurityKeys keys, byte[] systemTitle,
            boolean ciphering, InvocationCounters counters, Conformance conformance, int maxReceivePduSize,
            Duration idleTimeout, int maxValueLength) {
        this(authentication, password, keys, systemTitle, ciphering, counters, conformance, maxReceivePduSize,
                idleTimeout, maxValueLength, null);
    }

    /** No security; default conformance, max receive PDU 1024, idle timeout 120 s, values up to 1 MiB. */
    public static ServerSettings open() {
        return new ServerSettings(Authentication.NONE, null, null, null, false, new InvocationCounters(),
                DEFAULT_CONFORMANCE, 1024, Duration.ofSeconds(120), 1 << 20);
    }

    /** Low level security with {@code password}. */
    public static ServerSettings lowLevel(byte[] password) {
        ServerSettings o = open();
        return new ServerSettings(Authentication.LOW, password, null, null, false, o.counters, o.conformance,
                o.maxReceivePduSize, o.idleTimeout, o.maxValueLength);
    }

    /** HLS-GMAC with {@code keys} and the meter's {@code systemTitle}; {@code ciphering} requires ciphered APDUs. */
    public static ServerSettings highGmac(SecurityKeys keys, byte[] systemTitle, boolean ciphering) {
        ServerSettings o = open();
        return new ServerSettings(Authentication.HIGH_GMAC, null, keys, systemTitle, ciphering, o.counters,
                o.conformance, o.maxReceivePduSize, o.idleTimeout, o.maxValueLength);
    }

    /**
     * HLS-ECDSA (mechanism 7) on security suite 1 with {@code keys} (global
     * unicast keys) and the meter's {@code systemTitle}; {@code ecdsa} holds the
     * meter's signing key and the client's public key.
     */
    public static ServerSettings highEcdsa(SecurityKeys keys, byte[] systemTitle, boolean ciphering,
            EcdsaKeys ecdsa) {
        ServerSettings o = open();
        return new ServerSettings(Authentication.HIGH_ECDSA, null, keys, systemTitle, ciphering, o.counters,
                o.conformance, o.maxReceivePduSize, o.idleTimeout, o.maxValueLength, ecdsa);
    }

    /** The security suite of this meter's associations: 1 with HLS-ECDSA, else 0. */
    public int securitySuite() {
        return authentication.securitySuite();
    }

    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public byte[] systemTitle() {
        return systemTitle == null ? null : systemTitle.clone();
    }

    /** With another offered conformance. */
    public ServerSettings withConformance(Conformance c) {
        return new ServerSettings(authentication, password, keys, systemTitle, ciphering, counters, c,
                maxReceivePduSize, idleTimeout, maxValueLength, ecdsa, broadcast);
    }

    /** With another largest receivable APDU. */
    public ServerSettings withMaxReceivePduSize(int size) {
        return new ServerSettings(authentication, password, keys, systemTitle, ciphering, counters, conformance, size,
                idleTimeout, maxValueLength, ecdsa, broadcast);
    }

    /** With restored invocation counters. */
    public ServerSettings withCounters(InvocationCounters c) {
        return new ServerSettings(authentication, password, keys, systemTitle, ciphering, c, conformance,
                maxReceivePduSize, idleTimeout, maxValueLength, ecdsa, broadcast);
    }

    /** With another idle timeout (zero: never). */
    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(authentication, password, keys, systemTitle, ciphering, counters, conformance,
                maxReceivePduSize, timeout, maxValueLength, ecdsa, broadcast);
    }

    /**
     * With the meter's broadcast key (null: none; ciphered broadcasts are then ignored).
     *
     * @since 1.4.0
     */
    public ServerSettings withBroadcast(BroadcastKey key) {
        return new ServerSettings(authentication, password, keys, systemTitle, ciphering, counters, conformance,
                maxReceivePduSize, idleTimeout, maxValueLength, ecdsa, key);
    }

    /** Shows no secret. */
    @Override
    public String toString() {
        return "ServerSettings[" + authentication + (ciphering ? ", ciphering required" : "") + ", " + conformance
                + (broadcast != null ? ", broadcast key" : "") + ", maxReceivePduSize=" + maxReceivePduSize + ", idleTimeout=" + idleTimeout + "]";
    }
}
