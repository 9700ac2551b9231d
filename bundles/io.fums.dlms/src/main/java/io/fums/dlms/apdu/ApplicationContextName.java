package io.fums.dlms.apdu;

import java.util.Optional;

/**
 * DLMS application context names (Green Book): {@code 2.16.756.5.8.1.N},
 * logical or short name referencing, with or without ciphering.
 */
public enum ApplicationContextName {
    /** 2.16.756.5.8.1.1: logical-name referencing, no ciphering. */
    LOGICAL_NAME(1),
    /** 2.16.756.5.8.1.2: short-name referencing, no ciphering. */
    SHORT_NAME(2),
    /** 2.16.756.5.8.1.3: logical-name referencing with ciphering. */
    LOGICAL_NAME_WITH_CIPHERING(3),
    /** 2.16.756.5.8.1.4: short-name referencing with ciphering. */
    SHORT_NAME_WITH_CIPHERING(4);

    private final Oid oid;

    ApplicationContextName(int id) {
        this.oid = Oid.parse("2.16.756.5.8.1." + id);
    }

    /** The object identifier. */
    public Oid oid() {
        return oid;
    }

    /** The known context name with this identifier, if any. */
    public static Optional<ApplicationContextName> of(Oid oid) {
        for (ApplicationContextName n : values()) {
            if (n.oid.equals(oid)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
