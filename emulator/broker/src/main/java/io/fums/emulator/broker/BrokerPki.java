package io.fums.emulator.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for the emulated cloud (demo, end-to-end tests, benchmarks),
 * made with Bouncy Castle (ECDSA P-256): a CA, the broker's server certificate
 * (SAN {@code localhost} and {@code 127.0.0.1}), and client certificates
 * issued on demand, CN = the DCU id or {@code fums-console}.
 *
 * <p>Files in its folder: {@code ca.pem}; {@code server.crt}, {@code server.key}
 * (Mosquitto); {@code server.p12}, {@code trust.p12} (HiveMQ, password
 * {@link #STORE_PASSWORD}); {@code clients/<cn>.crt} (chain, leaf first) and
 * {@code clients/<cn>.key} (PKCS#8). Every private key file is mode 0600: the
 * DCU refuses a key that group or others can read.
 *
 * <p>For tests and the demo only: the CA key lives in memory for this object's
 * life and is never written. Certificates are valid from one hour ago for 30
 * days. Not thread-safe.
 */
public final class BrokerPki {

    /** The password of the PKCS#12 stores (a throwaway PKI: no secret). */
    public static final String STORE_PASSWORD = "changeit";
    /** The CN of the console's client certificate. */
    public static final String CONSOLE = "fums-console";
    private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** A client's PEM files: the certificate chain and its private key (mode 0600). */
    public record ClientFiles(Path cert, Path key) {
    }

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Path caPem;
    private final Path serverCert;
    private final Path serverKey;
    private final Path serverKeyStore;
    private final Path trustStore;

    private BrokerPki(Path dir) throws GeneralSecurityException, IOException, OperatorCreationException {
        this.dir = Files.createDirectories(dir);
        Files.createDirectories(dir.resolve("clients"));
        caKeys = ec();
        caCert = cert("FUMS emulated cloud CA", caKeys, "FUMS emulated cloud CA", caKeys, null);
        KeyPair server = ec();
        X509Certificate srv = cert("localhost", server, "FUMS emulated cloud CA", caKeys, KeyPurposeId.id_kp_serverAuth);
        caPem = pem(dir.resolve("ca.pem"), caCert);
        serverCert = pem(dir.resolve("server.crt"), srv, caCert);
        serverKey = key(dir.resolve("server.key"), server.getPrivate());
        KeyStore ks = emptyStore();
        ks.setKeyEntry("server", server.getPrivate(), STORE_PASSWORD.toCharArray(), new Certificate[] {srv, caCert});
        serverKeyStore = store(dir.resolve("server.p12"), ks);
        KeyStore ts = emptyStore();
        ts.setCertificateEntry("ca", caCert);
        trustStore = store(dir.resolve("trust.p12"), ts);
    }

    /**
     * A new PKI in {@code dir} (created if missing; files of an earlier PKI there are replaced).
     *
     * @throws IllegalStateException if the keys or certificates cannot be made
     * @throws UncheckedIOException  if the files cannot be written
     */
    public static BrokerPki create(Path dir) {
        try {
            return new BrokerPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("test PKI: " + e, e);
        }
    }

    /** The folder of the files. */
    public Path dir() {
        return dir;
    }

    /** The CA certificate (PEM) that verifies the broker and the clients. */
    public Path caPem() {
        return caPem;
    }

    /** The broker's certificate chain (PEM, leaf first). */
    public Path serverCert() {
        return serverCert;
    }

    /** The broker's private key (PKCS#8 PEM, mode 0600). */
    public Path serverKey() {
        return serverKey;
    }

    /** The broker's key and chain as PKCS#12 (password {@link #STORE_PASSWORD}). */
    public Path serverKeyStore() {
        return serverKeyStore;
    }

    /** The CA as a PKCS#12 trust store (password {@link #STORE_PASSWORD}): the client CA of the broker. */
    public Path trustStore() {
        return trustStore;
    }

    /**
     * The client certificate with this CN (a DCU id, or {@link #CONSOLE}), issued on the first call and
     * reused after (the same files).
     *
     * @throws IllegalArgumentException for a CN outside {@code [A-Za-z0-9._-]{1,64}}
     */
    public ClientFiles client(String commonName) {
        if (!COMMON_NAME.matcher(commonName).matches()) {
            throw new IllegalArgumentException("client CN '" + commonName + "': 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        Path cert = dir.resolve("clients").resolve(commonName + ".crt");
        Path key = dir.resolve("clients").resolve(commonName + ".key");
        if (Files.exists(cert) && Files.exists(key)) {
            return new ClientFiles(cert, key);
        }
        try {
            KeyPair kp = ec();
            X509Certificate c = cert(commonName, kp, "FUMS emulated cloud CA", caKeys, KeyPurposeId.id_kp_clientAuth);
            key(key, kp.getPrivate());
            pem(cert, c, caCert);
            return new ClientFiles(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("test PKI: " + e, e);
        }
    }

    /** The console's client certificate (CN {@value #CONSOLE}). */
    public ClientFiles console() {
        return client(CONSOLE);
    }

    /** The HiveMQ TLS listener on {@code port} (0: any free one) that requires a client certificate of this CA. */
    public EmbeddedBroker.TlsListener listener(int port) {
        return new EmbeddedBroker.TlsListener(port, serverKeyStore, STORE_PASSWORD, trustStore, STORE_PASSWORD, true);
    }

    /** Mosquitto's TLS options (under its listener): this CA, the server pair, a client certificate required. */
    public String mosquittoOptions() {
        return "cafile " + caPem + "\ncertfile " + serverCert + "\nkeyfile " + serverKey
                + "\nrequire_certificate true\n";
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                 KeyPurposeId purpose) throws GeneralSecurityException, IOException,
            OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name(issuer), new BigInteger(64, random),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name(subject),
                subjectKeys.getPublic());
        boolean ca = purpose == null;
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (purpose == KeyPurposeId.id_kp_serverAuth) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    /** A private key as PKCS#8 PEM, created with mode 0600 (never readable by others, not even briefly). */
    private static Path key(Path file, PrivateKey key) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return pemInto(file, key);
    }

    private static Path pem(Path file, Object... objects) throws IOException {
        Files.deleteIfExists(file);
        return pemInto(file, objects);
    }

    private static Path pemInto(Path file, Object... objects) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey k) {
                    w.writeObject(new JcaPKCS8Generator(k, null));
                } else {
                    w.writeObject(o);
                }
            }
        }
        return Files.writeString(file, sw.toString());
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static Path store(Path file, KeyStore ks) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, STORE_PASSWORD.toCharArray());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
