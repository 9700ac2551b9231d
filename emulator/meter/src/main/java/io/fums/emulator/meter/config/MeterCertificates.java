package io.fums.emulator.meter.config;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The P-256 signing keys and X.509 certificates of HLS-ECDSA meters (security suite 1). A meter's key is
 * derived from the population's seed ({@link MeterKeys#ecdsaScalar}) so a restarted emulator keeps it; its
 * certificate is self-signed (CN = meter id, serial = system title, key usage digitalSignature, valid
 * 2026-01-01 to 2046-01-01), made with Bouncy Castle's X509v3CertificateBuilder. The DCU uses only the key
 * of the certificate (see docs/security.md). Stateless.
 */
public final class MeterCertificates {

    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2046-01-01T00:00:00Z");
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    private MeterCertificates() {
    }

    /** The P-256 key pair whose private scalar is {@code d} (1 <= d < n). */
    public static KeyPair keyPair(BigInteger d) {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(d).normalize();
            KeyFactory f = KeyFactory.getInstance("EC");
            return new KeyPair(f.generatePublic(new ECPublicKeySpec(new ECPoint(q.getAffineXCoord().toBigInteger(),
                    q.getAffineYCoord().toBigInteger()), spec)), f.generatePrivate(new ECPrivateKeySpec(d, spec)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JRE", e);
        }
    }

    /** The order of P-256's base point. */
    static BigInteger order() {
        return P256.getN();
    }

    /** A self-signed certificate of {@code key} for the meter, PEM. */
    public static String certificatePem(KeyPair key, String meterId, byte[] systemTitle) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "FUMS meter emulator")
                .addRDN(BCStyle.CN, meterId).build();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(1, systemTitle),
                    Date.from(NOT_BEFORE), Date.from(NOT_AFTER), name, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (PemWriter w = new PemWriter(out)) {
                w.writeObject(new PemObject("CERTIFICATE", h.getEncoded()));
            }
            return out.toString().replace("\r\n", "\n");
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the certificate of " + meterId, e);
        }
    }
}
