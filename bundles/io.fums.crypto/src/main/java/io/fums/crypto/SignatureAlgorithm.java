package io.fums.crypto;

/**
 * The signature algorithms FUMS accepts (FIPS 186-5 ECDSA on NIST curves,
 * SEC-1). Signatures are ASN.1 DER {@code SEQUENCE { r INTEGER, s INTEGER }},
 * the encoding of JCA {@code SHA256withECDSA} and of OpenSSL.
 */
public enum SignatureAlgorithm {

    /** ECDSA on P-256 (secp256r1) with SHA-256: the default. */
    ECDSA_P256_SHA256("ECDSA-P256-SHA256", "P-256", "1.2.840.10045.3.1.7"),

    /** ECDSA on P-384 (secp384r1) with SHA-384: accepted. */
    ECDSA_P384_SHA384("ECDSA-P384-SHA384", "P-384", "1.3.132.0.34");

    private final String id;
    private final String curve;
    private final String curveOid;

    SignatureAlgorithm(String id, String curve, String curveOid) {
        this.id = id;
        this.curve = curve;
        this.curveOid = curveOid;
    }

    /** The JSON form, e.g. {@code ECDSA-P256-SHA256}. */
    public String id() {
        return id;
    }

    /** The NIST curve name, {@code P-256} or {@code P-384}. */
    public String curve() {
        return curve;
    }

    /** The curve's object identifier as it appears in a SubjectPublicKeyInfo. */
    public String curveOid() {
        return curveOid;
    }

    /**
     * The algorithm with the given JSON form.
     *
     * @throws IllegalArgumentException if {@code id} is not exactly one of the JSON forms
     */
    public static SignatureAlgorithm fromId(String id) {
        for (SignatureAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + id + "': expected ECDSA-P256-SHA256 or ECDSA-P384-SHA384");
    }

    /**
     * The algorithm for a curve name ({@code P-256} or {@code P-384}).
     *
     * @throws IllegalArgumentException for any other curve
     */
    public static SignatureAlgorithm forCurve(String curve) {
        for (SignatureAlgorithm a : values()) {
            if (a.curve.equals(curve)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported curve '" + curve + "': expected P-256 or P-384");
    }
}
