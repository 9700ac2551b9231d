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
    HIGH_GMAC(MechanismName.HIGH_GMAC);

    private final MechanismName mechanism;

    Authentication(MechanismName mechanism) {
        this.mechanism = mechanism;
    }

    /** The mechanism name of the AARQ. */
    public MechanismName mechanism() {
        return mechanism;
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
