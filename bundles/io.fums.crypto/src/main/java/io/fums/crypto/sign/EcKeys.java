package io.fums.crypto.sign;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.internal.Text;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * EC keys on P-256 and P-384 with Bouncy Castle: generation, PEM reading and
 * writing, canonical encoding and key ids. Invalid input raises
 * {@link IllegalArgumentException} with a message for people; callers map it
 * to their error code.
 */
public final class EcKeys {

    private static final int MAX_PEM = 16 * 1024;

    private EcKeys() {
    }

    /** Generates a key pair for {@code algorithm}. */
    public static SigningKey generate(SignatureAlgorithm algorithm, SecureRandom random) {
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(domain(algorithm), random));
        AsymmetricCipherKeyPair kp = gen.generateKeyPair();
        ECPublicKeyParameters pub = (ECPublicKeyParameters) kp.getPublic();
        return new SigningKey(fromParams(pub), (ECPrivateKeyParameters) kp.getPrivate());
    }

    /** The named-curve domain of an algorithm. */
    public static ECNamedDomainParameters domain(SignatureAlgorithm algorithm) {
        return ECNamedDomainParameters.lookup(new ASN1ObjectIdentifier(algorithm.curveOid()));
    }

    /** The key id: first 16 lower-case hex digits of SHA-256 over the DER SubjectPublicKeyInfo. */
    public static String keyId(byte[] spkiDer) {
        SHA256Digest d = new SHA256Digest();
        d.update(spkiDer, 0, spkiDer.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return Text.hex(Arrays.copyOf(h, 8));
    }

    /**
     * Reads a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) on P-256 or P-384
     * with a named curve.
     */
    public static EcPublicKey readPublicKeyPem(String pem) {
        Object o = readPemObject(pem);
        if (!(o instanceof SubjectPublicKeyInfo)) {
            throw new IllegalArgumentException("not a PEM PUBLIC KEY block");
        }
        return fromSpki((SubjectPublicKeyInfo) o);
    }

    /** Validates a SubjectPublicKeyInfo and returns the key in canonical form. */
    public static EcPublicKey fromSpki(SubjectPublicKeyInfo spki) {
        AlgorithmIdentifier alg = spki.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())) {
            throw new IllegalArgumentException("not an EC public key (algorithm " + alg.getAlgorithm() + ")");
        }
        if (!(alg.getParameters() instanceof ASN1ObjectIdentifier)) {
            throw new IllegalArgumentException("EC key without a named curve: only P-256 and P-384 are accepted");
        }
        algorithmOf((ASN1ObjectIdentifier) alg.getParameters());
        try {
            AsymmetricKeyParameter k = PublicKeyFactory.createKey(spki);
            return fromParams((ECPublicKeyParameters) k);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("invalid EC public key: " + e.getMessage(), e);
        }
    }

    private static EcPublicKey fromParams(ECPublicKeyParameters pub) {
        ECDomainParameters d = pub.getParameters();
        if (!(d instanceof ECNamedDomainParameters)) {
            throw new IllegalArgumentException("EC key without a named curve");
        }
        SignatureAlgorithm algorithm = algorithmOf(((ECNamedDomainParameters) d).getName());
        try {
            byte[] der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded(ASN1Encoding.DER);
            return new EcPublicKey(keyId(der), algorithm, pub, der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignatureAlgorithm algorithmOf(ASN1ObjectIdentifier curve) {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            if (a.curveOid().equals(curve.getId())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported curve " + curve + ": only P-256 and P-384 are accepted");
    }

    /**
     * Reads an unencrypted private key: PKCS#8 {@code PRIVATE KEY} or SEC 1
     * {@code EC PRIVATE KEY} (as written by {@code openssl ecparam -genkey},
     * whose {@code EC PARAMETERS} block is skipped), on P-256 or P-384.
     */
    public static SigningKey readPrivateKeyPem(String pem) {
        if (pem.length() > MAX_PEM) {
            throw new IllegalArgumentException("private key file is larger than " + MAX_PEM + " characters");
        }
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("encrypted private keys are not supported: decrypt with openssl pkcs8 first");
                }
                PrivateKeyInfo info = o instanceof PEMKeyPair ? ((PEMKeyPair) o).getPrivateKeyInfo()
                        : o instanceof PrivateKeyInfo ? (PrivateKeyInfo) o : null;
                if (info != null) {
                    return fromPrivateKeyInfo(info);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("invalid PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no PEM PRIVATE KEY or EC PRIVATE KEY block found");
    }

    private static SigningKey fromPrivateKeyInfo(PrivateKeyInfo info) throws IOException {
        AsymmetricKeyParameter k = PrivateKeyFactory.createKey(info);
        if (!(k instanceof ECPrivateKeyParameters)) {
            throw new IllegalArgumentException("not an EC private key");
        }
        return fromPrivate((ECPrivateKeyParameters) k);
    }

    /** A signing key from a private scalar on a named curve; the public half is derived. */
    static SigningKey fromPrivate(ECPrivateKeyParameters priv) {
        ECDomainParameters d = priv.getParameters();
        if (!(d instanceof ECNamedDomainParameters)) {
            throw new IllegalArgumentException("EC key without a named curve: only P-256 and P-384 are accepted");
        }
        BigInteger s = priv.getD();
        if (s.signum() <= 0 || s.compareTo(d.getN()) >= 0) {
            throw new IllegalArgumentException("private key out of range");
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(d.getG(), s).normalize();
        return new SigningKey(fromParams(new ECPublicKeyParameters(q, d)), priv);
    }

    /** The private key as a PEM PKCS#8 {@code PRIVATE KEY} block (unencrypted). */
    public static String privateKeyPem(SigningKey key) {
        try {
            return pem("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(key.privateKey()).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PEM block, 64 characters a line, ending with a newline. */
    static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().replace("\r\n", "\n");
    }

    private static Object readPemObject(String pem) {
        if (pem == null || pem.length() > MAX_PEM) {
            throw new IllegalArgumentException("PEM text missing or longer than " + MAX_PEM + " characters");
        }
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM block found");
            }
            if (p.readObject() != null) {
                throw new IllegalArgumentException("more than one PEM block");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("invalid PEM: " + e.getMessage(), e);
        }
    }
}
