package io.fums.dlms.security;

import io.fums.dlms.apdu.MechanismName;

/** The authentication of an association, as client and server configure it. */
public enum Authentication {
    /** Lowest level security: no authentication (mechanism 0, not sent). */
    NONE(MechanismName.LOWEST),
    /** Low level security: a password in the AARQ (mechanism 1). */
    LOW(MechanismName.LOW),
    /**
     * High level security with GMAC (mechanism 5): challenges in AARQ and
     * AARE, then reply_to_HLS_authentication on the current association.
     */
    HIGH_GMAC(MechanismName.HIGH_GMAC),
    /**
     * High level security with ECDSA (mechanism 7, security suite 1):
     * challenges in AARQ and AARE, then P-256 signatures exchanged through
     * reply_to_HLS_authentication (see {@link SecuritySuite1}).
     */
    HIGH_ECDSA(MechanismName.HIGH_ECDSA);

    private final MechanismName mechanism;

    Authentication(MechanismName mechanism) {
        this.mechanism = mechanism;
    }

    /** The mechanism name of the AARQ. */
    public MechanismName mechanism() {
        return mechanism;
    }

    /** Whether this is a high level (challenge and reply) mechanism. */
    public boolean hls() {
        return this == HIGH_GMAC || this == HIGH_ECDSA;
    }

    /** The security suite whose primitives this authentication uses: 1 for HLS-ECDSA, else 0. */
    public int securitySuite() {
        return this == HIGH_ECDSA ? SecuritySuite1.SUITE_ID : 0;
    }

    /** The level of a mechanism name; {@code null} for one not supported here. */
    public static Authentication of(MechanismName m) {
        if (m == null) {
            return NONE;
        }
        for (Authentication a : values()) {
            if (a.mechanism == m) {
                return a;
            }
        }
        return null;
    }
}
