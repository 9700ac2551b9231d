package io.fums.emulator.meter.image;

import io.fums.emulator.meter.config.ConfigFileException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Vendor signing keys: ECDSA P-256 key pairs with Bouncy Castle, PEM in and
 * out ({@code PUBLIC KEY}; {@code EC PRIVATE KEY} or PKCS#8
 * {@code PRIVATE KEY}). Stateless.
 */
public final class VendorKeys {

    /** The one provider instance of this module; Bouncy Castle providers are immutable once built. */
    static final Provider BC = new BouncyCastleProvider();
    private static final int MAX_PEM = 16 * 1024;

    private VendorKeys() {
    }

    /** A fresh P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation unavailable", e);
        }
    }

    /** The PEM text of a public or private key. */
    public static String toPem(java.security.Key key) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    /** Reads a P-256 public key from a PEM file. */
    public static PublicKey readPublicKey(Path pem) throws IOException {
        Object o = parse(pem);
        try {
            SubjectPublicKeyInfo info;
            if (o instanceof SubjectPublicKeyInfo spki) {
                info = spki;
            } else if (o instanceof PEMKeyPair pair) {
                info = pair.getPublicKeyInfo();
            } else {
                throw new ConfigFileException(pem + ": not a PEM PUBLIC KEY");
            }
            return requireP256(new JcaPEMKeyConverter().setProvider(BC).getPublicKey(info), pem);
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new ConfigFileException(pem + ": unreadable public key: " + e.getMessage(), e);
        }
    }

    /** Reads a P-256 private key from a PEM file. */
    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        Object o = parse(pem);
        try {
            JcaPEMKeyConverter c = new JcaPEMKeyConverter().setProvider(BC);
            if (o instanceof PEMKeyPair pair) {
                return c.getKeyPair(pair).getPrivate();
            } else if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new ConfigFileException(pem + ": not a PEM EC PRIVATE KEY or PRIVATE KEY");
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new ConfigFileException(pem + ": unreadable private key: " + e.getMessage(), e);
        }
    }

    /** Writes {@code key} as PEM. */
    public static void write(java.security.Key key, Path pem) throws IOException {
        Files.writeString(pem, toPem(key), StandardCharsets.US_ASCII);
    }

    private static Object parse(Path pem) throws IOException {
        if (Files.size(pem) > MAX_PEM) {
            throw new ConfigFileException(pem + ": larger than a PEM key can be");
        }
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(pem, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            if (o == null) {
                throw new ConfigFileException(pem + ": no PEM block");
            }
            return o;
        }
    }

    private static PublicKey requireP256(PublicKey key, Path source) throws IOException {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new ConfigFileException(source + ": not an EC P-256 public key");
        }
        return key;
    }
}
