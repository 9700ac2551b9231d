package io.fums.crypto;

/** What a package carries: firmware for meters or software for the DCU itself. */
public enum PackageKind {

    /** A firmware image for meters, transferred over DLMS/COSEM image transfer. */
    METER_FIRMWARE("meter-firmware"),

    /** A set of OSGi bundles (a feature) for the DCU's own transactional swap. */
    DCU_SOFTWARE("dcu-software");

    private final String id;

    PackageKind(String id) {
        this.id = id;
    }

    /** The manifest form: {@code meter-firmware} or {@code dcu-software}. */
    public String id() {
        return id;
    }

    /**
     * The kind with the given manifest form.
     *
     * @throws IllegalArgumentException if {@code id} is not exactly one of the manifest forms
     */
    public static PackageKind fromId(String id) {
        for (PackageKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + id + "': expected meter-firmware or dcu-software");
    }
}
