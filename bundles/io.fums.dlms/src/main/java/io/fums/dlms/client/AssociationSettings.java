package io.fums.dlms.client;

import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.EcdsaKeys;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * How a client associates with a meter (logical-name referencing).
 *
 * @param authentication     none, LLS, HLS-GMAC or HLS-ECDSA (the latter on security suite 1)
 * @param password           the LLS password; null otherwise
 * @param keys               the global unicast keys (AES-GCM-128), for HLS-GMAC, HLS-ECDSA and ciphering; else null
 * @param systemTitle        the client's system title (8 bytes), for HLS and ciphering; else null
 * @param ciphering          protect every xDLMS APDU (application context LN with ciphering)
 * @param dedicatedKey       with ciphering: send a fresh dedicated key and ded-cipher the services
 * @param counters           this client's invocation counters for this meter (persist them across
 *                           associations); null for fresh ones
 * @param conformance        the services proposed
 * @param maxReceivePduSize  the largest APDU this client accepts, 64..65535
 * @param responseTimeout    how long to wait for each response, all retransmissions included
 * @param maxValueLength     largest value reassembled from blocks, in bytes
 * @param ecdsa              for HLS-ECDSA: the client's signing key and the meter's public key; else null
 */
public record AssociationSettings(Authentication authentication, byte[] password, SecurityKeys keys,
        byte[] systemTitle, boolean ciphering, boolean dedicatedKey, InvocationCounters counters,
        Conformance conformance, int maxReceivePduSize, Duration responseTimeout, int maxValueLength,
        EcdsaKeys ecdsa) {

    /** GET, SET, ACTION, selective access, multiple references and block transfer with all three. */
    public static final Conformance DEFAULT_CONFORMANCE = Conformance.of(Conformance.Bit.GET, Conformance.Bit.SET,
            Conformance.Bit.ACTION, Conformance.Bit.SELECTIVE_ACCESS, Conformance.Bit.MULTIPLE_REFERENCES,
            Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ, Conformance.Bit.BLOCK_TRANSFER_WITH_SET_OR_WRITE,
            Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION);

    /** Validates the combination and copies the arrays. */
    public AssociationSettings {
        Objects.requireNonNull(authentication, "authentication");
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
        if (dedicatedKey && !ciphering) {
            throw new IllegalArgumentException("a dedicated key needs ciphering");
        }
        if (maxReceivePduSize < 64 || maxReceivePduSize > 0xFFFF) {
            throw new IllegalArgumentException("maxReceivePduSize must be 64..65535");
        }
        if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeout must be positive");
        }
        if (maxValueLength < 1) {
            throw new IllegalArgumentException("maxValueLength must be positive");
        }
        password = password == null ? null : password.clone();
        systemTitle = systemTitle == null ? null : systemTitle.clone();
    }

    /** Settings without HLS-ECDSA keys (no security, LLS, HLS-GMAC). */
    public AssociationSettings(Authentication authentication, byte[] password, SecurityKeys keys,
            byte[] systemTitle, boolean ciphering, boolean dedicatedKey, InvocationCounters counters,
            Conformance conformance, int maxReceivePduSize, Duration responseTimeout, int maxValueLength) {
        this(authentication, password, keys, systemTitle, ciphering, dedicatedKey, counters, conformance,
                maxReceivePduSize, responseTimeout, maxValueLength, null);
    }

    /** No security: the public client's association. Default conformance, PDU 65535, 10 s, values up to 1 MiB. */
    public static AssociationSettings none() {
        return new AssociationSettings(Authentication.NONE, null, null, null, false, false, null,
                DEFAULT_CONFORMANCE, 0xFFFF, Duration.ofSeconds(10), 1 << 20);
    }

    /** Low level security with {@code password}. */
    public static AssociationSettings lowLevel(byte[] password) {
        return none().with(Authentication.LOW, password, null, null, false);
    }

    /** HLS-GMAC with {@code keys} and the client's {@code systemTitle}; {@code ciphering} protects every APDU. */
    public static AssociationSettings highGmac(SecurityKeys keys, byte[] systemTitle, boolean ciphering) {
        return none().with(Authentication.HIGH_GMAC, null, keys, systemTitle, ciphering);
    }

    /**
     * HLS-ECDSA (mechanism 7) on security suite 1: the client signs with
     * {@code ecdsa}'s private key and verifies the meter with its public key;
     * {@code keys} (global unicast keys) cipher every APDU when {@code ciphering}.
     */
    public static AssociationSettings highEcdsa(SecurityKeys keys, byte[] systemTitle, boolean ciphering,
            EcdsaKeys ecdsa) {
        AssociationSettings d = none();
        return new AssociationSettings(Authentication.HIGH_ECDSA, null, keys, systemTitle, ciphering, false, null,
                d.conformance, d.maxReceivePduSize, d.responseTimeout, d.maxValueLength, ecdsa);
    }

    private AssociationSettings with(Authentication a, byte[] pw, SecurityKeys k, byte[] title, boolean c) {
        return new AssociationSettings(a, pw, k, title, c, false, counters, conformance, maxReceivePduSize,
                responseTimeout, maxValueLength, ecdsa);
    }

    /** The security suite of this association: 1 with HLS-ECDSA, else 0. */
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

    /** With another largest receivable APDU. */
    public AssociationSettings withMaxReceivePduSize(int size) {
        return new AssociationSettings(authentication, password, keys, systemTitle, ciphering, dedicatedKey, counters,
                conformance, size, responseTimeout, maxValueLength, ecdsa);
    }

    /** With another proposed conformance. */
    public AssociationSettings withConformance(Conformance c) {
        return new AssociationSettings(authentication, password, keys, systemTitle, ciphering, dedicatedKey, counters,
                c, maxReceivePduSize, responseTimeout, maxValueLength, ecdsa);
    }

    /** With another response timeout. */
    public AssociationSettings withResponseTimeout(Duration timeout) {
        return new AssociationSettings(authentication, password, keys, systemTitle, ciphering, dedicatedKey, counters,
                conformance, maxReceivePduSize, timeout, maxValueLength, ecdsa);
    }

    /** With the invocation counters to use (and keep) for this meter. */
    public AssociationSettings withCounters(InvocationCounters c) {
        return new AssociationSettings(authentication, password, keys, systemTitle, ciphering, dedicatedKey, c,
                conformance, maxReceivePduSize, responseTimeout, maxValueLength, ecdsa);
    }

    /** With or without a dedicated key (ded-ciphering). */
    public AssociationSettings withDedicatedKey(boolean dedicated) {
        return new AssociationSettings(authentication, password, keys, systemTitle, ciphering, dedicated, counters,
                conformance, maxReceivePduSize, responseTimeout, maxValueLength, ecdsa);
    }

    /** Shows no secret. */
    @Override
    public String toString() {
        return "AssociationSettings[" + authentication + (ciphering ? ", ciphered" : "")
                + (dedicatedKey ? ", dedicated key" : "") + ", " + conformance + ", maxReceivePduSize="
                + maxReceivePduSize + ", responseTimeout=" + responseTimeout + "]";
    }
}
