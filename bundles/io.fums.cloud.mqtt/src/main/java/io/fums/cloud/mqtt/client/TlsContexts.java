package io.fums.cloud.mqtt.client;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * TLS contexts from PEM files, read with Bouncy Castle: CA certificates that
 * verify the server, and an optional client certificate chain with its
 * private key (PKCS#8, PKCS#1 RSA or SEC 1 EC; unencrypted).
 */
public final class TlsContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /**
     * An SSL context.
     *
     * @param caFile   CA certificates (PEM); null for the JVM's default trust store
     * @param certFile the client certificate chain (PEM), leaf first; null for none
     * @param keyFile  the client's private key (PEM); null for none
     * @return the context
     * @throws FumsException {@code CONFIG_INVALID} naming the file and the problem
     */
    public static SSLContext context(Path caFile, Path certFile, Path keyFile) throws FumsException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = emptyStore();
                int i = 0;
                for (X509Certificate ca : certificates(caFile)) {
                    trust.setCertificateEntry("ca" + i++, ca);
                }
                tmf.init(trust);
            }
            KeyManager[] kms = null;
            if (certFile != null) {
                List<X509Certificate> chain = certificates(certFile);
                PrivateKey key = privateKey(keyFile);
                KeyStore ks = emptyStore();
                ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, NO_PASSWORD);
                kms = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM file, in file order. */
    public static List<X509Certificate> certificates(Path file) throws FumsException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(conv.getCertificate(h));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "cannot read certificates from " + file + ": "
                    + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "no certificate in " + file);
        }
        return out;
    }

    /** The first private key of a PEM file. */
    public static PrivateKey privateKey(Path file) throws FumsException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return conv.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new FumsException(ErrorCode.CONFIG_INVALID, "private key " + file
                            + " is encrypted: give an unencrypted key readable by the DCU only");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "cannot read the private key " + file + ": "
                    + e.getMessage(), e);
        }
        throw new FumsException(ErrorCode.CONFIG_INVALID, "no private key in " + file);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }
}
