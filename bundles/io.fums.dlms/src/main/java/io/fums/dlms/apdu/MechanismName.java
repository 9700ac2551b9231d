package io.fums.dlms.apdu;

import java.util.Optional;

/**
 * Authentication mechanism names (Green Book): {@code 2.16.756.5.8.2.N}.
 */
public enum MechanismName {
    /** 2.16.756.5.8.2.0: lowest level security, no authentication. */
    LOWEST(0),
    /** 2.16.756.5.8.2.1: low level security, a password. */
    LOW(1),
    /** 2.16.756.5.8.2.2: high level security, manufacturer specific. */
    HIGH(2),
    /** 2.16.756.5.8.2.3: HLS with MD5. */
    HIGH_MD5(3),
    /** 2.16.756.5.8.2.4: HLS with SHA-1. */
    HIGH_SHA1(4),
    /** 2.16.756.5.8.2.5: HLS with GMAC. */
    HIGH_GMAC(5),
    /** 2.16.756.5.8.2.6: HLS with SHA-256. */
    HIGH_SHA256(6),
    /** 2.16.756.5.8.2.7: HLS with ECDSA. */
    HIGH_ECDSA(7);

    private final Oid oid;

    MechanismName(int id) {
        this.oid = Oid.parse("2.16.756.5.8.2." + id);
    }

    /** The object identifier. */
    public Oid oid() {
        return oid;
    }

    /** The known mechanism with this identifier, if any. */
    public static Optional<MechanismName> of(Oid oid) {
        for (MechanismName n : values()) {
            if (n.oid.equals(oid)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
