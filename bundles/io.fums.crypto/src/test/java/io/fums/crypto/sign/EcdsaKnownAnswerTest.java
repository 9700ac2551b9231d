package io.fums.crypto.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.internal.TestPki;
import io.fums.crypto.internal.Text;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our ECDSA is the standard one: RFC 6979 known answers, and signatures and
 * keys exchanged both ways with the JDK's independent SunEC provider.
 */
class EcdsaKnownAnswerTest {

    private static final byte[] SAMPLE = "sample".getBytes(StandardCharsets.US_ASCII);

    private static SigningKey key(SignatureAlgorithm alg, String hex) {
        return EcKeys.fromPrivate(new ECPrivateKeyParameters(new BigInteger(hex, 16), EcKeys.domain(alg)));
    }

    private static BigInteger[] rs(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        assertThat(seq.size()).isEqualTo(2);
        return new BigInteger[] {ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()};
    }

    @Test
    @Tag("SEC-1")
    void rfc6979P256Sha256KnownAnswer() {
        SigningKey k = key(SignatureAlgorithm.ECDSA_P256_SHA256, "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
        assertThat(k.publicKey().params().getQ().getAffineXCoord().toBigInteger())
                .isEqualTo(new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16));
        byte[] der = EcdsaSignatures.sign(k, SAMPLE);
        // RFC 6979 A.2.5 gives s = F7CB...CDA8, above n/2: we sign its low-s form n - s (same r).
        BigInteger n = EcKeys.domain(SignatureAlgorithm.ECDSA_P256_SHA256).getN();
        assertThat(rs(der)).containsExactly(
                new BigInteger("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", 16),
                n.subtract(new BigInteger("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", 16)));
        assertThat(EcdsaSignatures.verify(k.publicKey(), SignatureAlgorithm.ECDSA_P256_SHA256, SAMPLE, der)).isTrue();
    }

    @Test
    @Tag("SEC-1")
    void rfc6979P384Sha384KnownAnswer() {
        SigningKey k = key(SignatureAlgorithm.ECDSA_P384_SHA384,
                "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5");
        byte[] der = EcdsaSignatures.sign(k, SAMPLE);
        // RFC 6979 A.2.6 gives s = 99EF...8AC8, above n/2: we sign its low-s form n - s (same r).
        BigInteger n = EcKeys.domain(SignatureAlgorithm.ECDSA_P384_SHA384).getN();
        assertThat(rs(der)).containsExactly(
                new BigInteger("94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46", 16),
                n.subtract(new BigInteger("99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8", 16)));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    @Tag("SEC-1")
    void weAlwaysSignLowSAndTellTheHighSTwinApart(SignatureAlgorithm alg) throws Exception {
        SigningKey k = EcKeys.generate(alg, TestPki.seeded(12));
        BigInteger n = EcKeys.domain(alg).getN();
        int lowFromTheRawSigner = 0;
        for (int i = 0; i < 64; i++) {
            byte[] msg = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] der = EcdsaSignatures.sign(k, msg);
            BigInteger[] rs = rs(der);
            assertThat(rs[1]).isLessThanOrEqualTo(n.shiftRight(1));
            assertThat(EcdsaSignatures.isLowS(alg, der)).isTrue();
            byte[] twin = org.bouncycastle.crypto.signers.StandardDSAEncoding.INSTANCE.encode(n, rs[0], n.subtract(rs[1]));
            assertThat(EcdsaSignatures.verify(k.publicKey(), alg, msg, twin)).as("the twin is valid ECDSA").isTrue();
            assertThat(EcdsaSignatures.isLowS(alg, twin)).isFalse();
            assertThat(EcdsaSignatures.toLowS(alg, twin)).isEqualTo(der);
            lowFromTheRawSigner += EcdsaSignatures.isLowS(alg, rawSign(k, msg)) ? 1 : 0;
        }
        assertThat(lowFromTheRawSigner).as("the raw RFC 6979 signer gives both forms").isBetween(1, 63);
        assertThat(EcdsaSignatures.isLowS(alg, new byte[] {0x30, 0x00})).isFalse();
    }

    private static byte[] rawSign(SigningKey key, byte[] data) {
        org.bouncycastle.crypto.Digest d = key.algorithm() == SignatureAlgorithm.ECDSA_P256_SHA256
                ? new org.bouncycastle.crypto.digests.SHA256Digest() : new org.bouncycastle.crypto.digests.SHA384Digest();
        org.bouncycastle.crypto.signers.DSADigestSigner s = new org.bouncycastle.crypto.signers.DSADigestSigner(
                new org.bouncycastle.crypto.signers.ECDSASigner(new org.bouncycastle.crypto.signers.HMacDSAKCalculator(
                        key.algorithm() == SignatureAlgorithm.ECDSA_P256_SHA256 ? new org.bouncycastle.crypto.digests.SHA256Digest()
                                : new org.bouncycastle.crypto.digests.SHA384Digest())), d,
                org.bouncycastle.crypto.signers.StandardDSAEncoding.INSTANCE);
        s.init(true, key.privateKey());
        s.update(data, 0, data.length);
        return s.generateSignature();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    @Tag("SEC-1")
    void signaturesOfTheJdkSunEcProviderVerifyWithOurs(SignatureAlgorithm alg) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec(alg == SignatureAlgorithm.ECDSA_P256_SHA256 ? "secp256r1" : "secp384r1"));
        KeyPair kp = g.generateKeyPair();
        Signature s = Signature.getInstance(jdkName(alg), "SunEC");
        s.initSign(kp.getPrivate());
        s.update(SAMPLE);
        byte[] der = s.sign();
        EcPublicKey pub = EcKeys.fromSpki(SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
        assertThat(pub.algorithm()).isEqualTo(alg);
        assertThat(pub.spki()).isEqualTo(kp.getPublic().getEncoded());
        assertThat(pub.keyId()).isEqualTo(Text.hex(MessageDigest.getInstance("SHA-256").digest(kp.getPublic().getEncoded())).substring(0, 16));
        assertThat(EcdsaSignatures.verify(pub, alg, SAMPLE, der)).isTrue();
        assertThat(EcdsaSignatures.verify(pub, alg, "samplf".getBytes(StandardCharsets.US_ASCII), der)).isFalse();
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        assertThat(EcdsaSignatures.verify(pub, alg, SAMPLE, trailing)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    @Tag("SEC-1")
    void ourSignaturesAndKeysWorkInTheJdkSunEcProvider(SignatureAlgorithm alg) throws Exception {
        SigningKey k = EcKeys.generate(alg, TestPki.seeded(9));
        PublicKey pub = KeyFactory.getInstance("EC", "SunEC").generatePublic(new X509EncodedKeySpec(k.publicKey().spki()));
        Signature v = Signature.getInstance(jdkName(alg), "SunEC");
        v.initVerify(pub);
        v.update(SAMPLE);
        assertThat(v.verify(EcdsaSignatures.sign(k, SAMPLE))).isTrue();
        byte[] pkcs8 = new PemReader(new java.io.StringReader(EcKeys.privateKeyPem(k))).readPemObject().getContent();
        PrivateKey priv = KeyFactory.getInstance("EC", "SunEC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        Signature s = Signature.getInstance(jdkName(alg), "SunEC");
        s.initSign(priv);
        s.update(SAMPLE);
        assertThat(EcdsaSignatures.verify(k.publicKey(), alg, SAMPLE, s.sign())).isTrue();
        assertThat(PrivateKeyInfo.getInstance(pkcs8)).isNotNull();
    }

    @Test
    @Tag("SEC-1")
    void pemRoundTripsAndSec1KeysFromOpenSslAreRead() {
        SigningKey k = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, TestPki.seeded(3));
        SigningKey back = EcKeys.readPrivateKeyPem(EcKeys.privateKeyPem(k));
        assertThat(back.keyId()).isEqualTo(k.keyId());
        assertThat(EcKeys.readPublicKeyPem(k.publicKey().pem()).keyId()).isEqualTo(k.keyId());
        // "openssl ecparam -name prime256v1 -genkey": EC PARAMETERS then EC PRIVATE KEY (SEC 1)
        BigInteger d = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
        ASN1ObjectIdentifier p256 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
        SigningKey ref = key(SignatureAlgorithm.ECDSA_P256_SHA256, d.toString(16));
        String sec1 = EcKeys.pem("EC PARAMETERS", encoded(p256)) + EcKeys.pem("EC PRIVATE KEY", encoded(new ECPrivateKey(256, d,
                new DERBitString(ref.publicKey().params().getQ().getEncoded(false)), p256)));
        SigningKey rfc = EcKeys.readPrivateKeyPem(sec1);
        assertThat(rfc.privateKey().getD()).isEqualTo(d);
        assertThat(rfc.keyId()).isEqualTo(ref.keyId());
        assertThatThrownBy(() -> EcKeys.readPublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] encoded(org.bouncycastle.asn1.ASN1Object o) {
        try {
            return o.getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String jdkName(SignatureAlgorithm alg) {
        return alg == SignatureAlgorithm.ECDSA_P256_SHA256 ? "SHA256withECDSA" : "SHA384withECDSA";
    }
}
