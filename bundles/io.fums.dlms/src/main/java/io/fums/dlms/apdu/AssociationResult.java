package io.fums.dlms.apdu;

/** Association-result of the AARE (ACSE): accepted or rejected. */
public enum AssociationResult {
    /** (0) accepted. */
    ACCEPTED,
    /** (1) rejected-permanent. */
    REJECTED_PERMANENT,
    /** (2) rejected-transient. */
    REJECTED_TRANSIENT;

    /** The value on the wire. */
    public int code() {
        return ordinal();
    }
}
