package io.fums.crypto;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.internal.KeyFiles;
import io.fums.crypto.sign.SigningKey;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The asymmetric keys of DLMS HLS-ECDSA (mechanism 7, security suite 1) on
 * the DCU: its own P-256 client signing key, a secret file under
 * {@code ${fums.data.dir}/}{@value #CLIENT_KEY_FILE} (owner-only mode checked
 * before every read, as for the DCU's other keys; made at first need, with
 * its public half next to it in {@code .pub.pem} to install in the meters),
 * and the meters' X.509 certificates, of which only the P-256 public key is
 * used. What is checked of a certificate: it parses as X.509, its key is an
 * EC key on P-256, and it is at most {@value #MAX_CERTIFICATE} octets. What is
 * not: the issuer's signature and chain, revocation, key usage, the subject's
 * binding to the meter's system title; the validity dates are returned for
 * the caller to judge with its clock. Stateless and thread-safe.
 */
public final class DlmsKeys {

    /** The client signing key file, relative to the data directory. */
    public static final String CLIENT_KEY_FILE = "keys/dlms-client.key";
    /** Larger certificate files are refused. */
    public static final int MAX_CERTIFICATE = 16 * 1024;

    private DlmsKeys() {
    }

    /**
     * The DCU's client signing key.
     *
     * @param privateKey  the key, for signing f(StoC)
     * @param publicKeyPem its public half, PEM SubjectPublicKeyInfo
     * @param keyId       the key id (first 8 octets of the SHA-256 of the SubjectPublicKeyInfo, hex)
     * @param created     whether it was made just now
     */
    public record ClientKey(ECPrivateKey privateKey, String publicKeyPem, String keyId, boolean created) {
        @Override
        public String toString() {
            return "ClientKey[" + keyId + (created ? ", created" : "") + "]";
        }
    }

    /**
     * A meter's certificate: its P-256 public key and what identifies it.
     *
     * @param publicKey   the key that verifies the meter's f(CtoS)
     * @param fingerprint SHA-256 of the DER certificate, hex (for audit records)
     * @param subject     the subject's distinguished name
     * @param notBefore   start of validity
     * @param notAfter    end of validity
     * @param serial      the certificate's serial number, hex (since 1.4; for audit records)
     */
    public record MeterCertificate(ECPublicKey publicKey, String fingerprint, String subject, Instant notBefore,
            Instant notAfter, String serial) {

        /** Without a serial number (as in 1.3). */
        public MeterCertificate(ECPublicKey publicKey, String fingerprint, String subject, Instant notBefore,
                Instant notAfter) {
            this(publicKey, fingerprint, subject, notBefore, notAfter, null);
        }

        /**
         * Why the certificate is not valid at {@code at} (not yet, or no longer), or null when it is (since 1.4).
         */
        public String invalidAt(Instant at) {
            if (at.isBefore(notBefore)) {
                return "certificate " + serial + " is not valid before " + notBefore + " (now " + at + ")";
            }
            if (at.isAfter(notAfter)) {
                return "certificate " + serial + " expired at " + notAfter + " (now " + at + ")";
            }
            return null;
        }
    }

    /**
     * The client signing key in {@code file}; a new one (mode 0600, folder 0700, written durably, public half
     * in {@code <file>.pub.pem}) if the file does not exist.
     *
     * @throws FumsException {@code CONFIG_INVALID}: others may read or change it, not a P-256 key;
     *                       {@code STORAGE_FAILED}: I/O
     */
    public static ClientKey loadOrCreateClientKey(Path file) throws FumsException {
        KeyFiles.Loaded loaded = KeyFiles.loadOrCreateP256(file, "DLMS client signing key");
        SigningKey k = loaded.key();
        return new ClientKey(jcaPrivate(k.privateKey().getD()), k.publicKey().pem(), k.keyId(), loaded.created());
    }

    /**
     * Reads a meter's certificate (PEM or DER).
     *
     * @param what names it in messages (the file)
     * @throws FumsException {@code CONFIG_INVALID}: too large, not X.509, or its key is not on P-256
     */
    public static MeterCertificate meterCertificate(byte[] encoded, String what) throws FumsException {
        if (encoded.length > MAX_CERTIFICATE) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + " is larger than " + MAX_CERTIFICATE
                    + " octets: not a certificate");
        }
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(encoded));
        } catch (CertificateException | RuntimeException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + " is not an X.509 certificate: "
                    + e.getMessage());
        }
        if (!(c.getPublicKey() instanceof ECPublicKey k) || !isP256(k.getParams())) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + ": the certificate's key is not an EC key on "
                    + "P-256 (security suite 1 needs P-256)");
        }
        try {
            byte[] der = c.getEncoded();
            String fp = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
            return new MeterCertificate(k, fp, c.getSubjectX500Principal().getName(), c.getNotBefore().toInstant(),
                    c.getNotAfter().toInstant(), c.getSerialNumber().toString(16));
        } catch (GeneralSecurityException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + ": " + e.getMessage());
        }
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        return ap.getParameterSpec(ECParameterSpec.class);
    }

    private static boolean isP256(ECParameterSpec p) {
        try {
            ECParameterSpec ref = p256();
            return p.getOrder().equals(ref.getOrder()) && p.getGenerator().equals(ref.getGenerator())
                    && p.getCofactor() == ref.getCofactor();
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static ECPrivateKey jcaPrivate(BigInteger d) throws FumsException {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p256()));
        } catch (GeneralSecurityException e) {
            throw new FumsException(ErrorCode.INTERNAL, "P-256 key conversion failed: " + e.getMessage());
        }
    }
}
