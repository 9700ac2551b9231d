package io.fums.dlms.security;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Aare;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ApplicationContextName;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.AssociationResult;
import io.fums.dlms.apdu.InitiateRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.MechanismName;
import io.fums.dlms.apdu.ResultSourceDiagnostic;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.internal.Hex;
import io.fums.testsupport.EcdsaTestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Security suite 1 / HLS-ECDSA (mechanism 7): the signature primitive against RFC 6979's P-256 vector and the
 * JDK's own ECDSA, the Green Book's signed message, and the APDUs of passes 1 to 3 byte for byte.
 */
@Tag("SEC-3")
class SecuritySuite1Test {

    /** RFC 6979 A.2.5: the P-256 private key. */
    static final BigInteger RFC6979_X =
            new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
    static final byte[] CLIENT_TITLE = parse("4D4D4D0000000001");
    static final byte[] SERVER_TITLE = parse("4D4D4D0000BC614E");

    static byte[] challenge(int start) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    @Test
    void signsTheRfc6979VectorAsRawRAndS() {
        KeyPair k = EcdsaTestKeys.of(RFC6979_X);
        byte[] sig = SecuritySuite1.sign((ECPrivateKey) k.getPrivate(), "sample".getBytes(StandardCharsets.US_ASCII));
        assertThat(sig).isEqualTo(parse("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"));
        assertThat(((ECPublicKey) k.getPublic()).getW().getAffineX().toString(16).toUpperCase())
                .isEqualTo("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6");
    }

    /** The JDK's ECDSA in IEEE P1363 format (r || s) accepts ours, and ours accepts the JDK's. */
    @Test
    void interoperatesWithTheJdksEcdsa() throws Exception {
        KeyPair k = EcdsaTestKeys.generate();
        byte[] m = SecuritySuite1.hlsMessage(CLIENT_TITLE, SERVER_TITLE, challenge(0x40), challenge(0x80));
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(k.getPublic());
        jdk.update(m);
        assertThat(jdk.verify(SecuritySuite1.sign((ECPrivateKey) k.getPrivate(), m))).isTrue();
        jdk.initSign(k.getPrivate());
        jdk.update(m);
        byte[] theirs = jdk.sign();
        assertThat(theirs).hasSize(64);
        assertThat(SecuritySuite1.verify((ECPublicKey) k.getPublic(), m, theirs)).isTrue();
    }

    /** Green Book 9.2.7.4: f(StoC) signs ST-C || ST-S || StoC || CtoS; f(CtoS) signs ST-S || ST-C || CtoS || StoC. */
    @Test
    void hlsProofsSignTheGreenBookConcatenation() throws Exception {
        KeyPair client = EcdsaTestKeys.generate();
        KeyPair meter = EcdsaTestKeys.generate();
        EcdsaKeys dcu = new EcdsaKeys(client.getPrivate(), meter.getPublic());
        EcdsaKeys mtr = new EcdsaKeys(meter.getPrivate(), client.getPublic());
        byte[] ctos = challenge(0x10);
        byte[] stoc = challenge(0x60);
        assertThat(SecuritySuite1.hlsMessage(CLIENT_TITLE, SERVER_TITLE, stoc, ctos)).isEqualTo(
                parse("4D4D4D0000000001 4D4D4D0000BC614E " + Hex.format(stoc) + " " + Hex.format(ctos)));

        byte[] fStoC = SecuritySuite1.hlsProof(dcu, CLIENT_TITLE, SERVER_TITLE, stoc, ctos);
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(client.getPublic());
        jdk.update(concat(CLIENT_TITLE, SERVER_TITLE, stoc, ctos));
        assertThat(jdk.verify(fStoC)).isTrue();
        assertThat(SecuritySuite1.verifyHlsProof(mtr, fStoC, CLIENT_TITLE, SERVER_TITLE, stoc, ctos)).isTrue();

        byte[] fCtoS = SecuritySuite1.hlsProof(mtr, SERVER_TITLE, CLIENT_TITLE, ctos, stoc);
        jdk.initVerify(meter.getPublic());
        jdk.update(concat(SERVER_TITLE, CLIENT_TITLE, ctos, stoc));
        assertThat(jdk.verify(fCtoS)).isTrue();
        assertThat(SecuritySuite1.verifyHlsProof(dcu, fCtoS, SERVER_TITLE, CLIENT_TITLE, ctos, stoc)).isTrue();

        // a reflected proof, a swapped challenge, another title, one flipped bit, a DER or short signature: refused
        assertThat(SecuritySuite1.verifyHlsProof(dcu, fStoC, SERVER_TITLE, CLIENT_TITLE, ctos, stoc)).isFalse();
        assertThat(SecuritySuite1.verifyHlsProof(mtr, fStoC, CLIENT_TITLE, SERVER_TITLE, ctos, stoc)).isFalse();
        assertThat(SecuritySuite1.verifyHlsProof(mtr, fStoC, parse("4D4D4D0000000002"), SERVER_TITLE, stoc, ctos))
                .isFalse();
        byte[] flipped = fStoC.clone();
        flipped[40] ^= 1;
        assertThat(SecuritySuite1.verifyHlsProof(mtr, flipped, CLIENT_TITLE, SERVER_TITLE, stoc, ctos)).isFalse();
        assertThat(SecuritySuite1.verifyHlsProof(mtr, Arrays.copyOf(fStoC, 63), CLIENT_TITLE, SERVER_TITLE, stoc,
                ctos)).isFalse();
        assertThat(SecuritySuite1.verifyHlsProof(mtr, new byte[64], CLIENT_TITLE, SERVER_TITLE, stoc, ctos)).isFalse();
    }

    @Test
    void keysOffP256AreRefused() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        KeyPair p256 = EcdsaTestKeys.generate();
        assertThatThrownBy(() -> new EcdsaKeys(p384.getPrivate(), p256.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
        assertThatThrownBy(() -> new EcdsaKeys(p256.getPrivate(), p384.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
        assertThat(new EcdsaKeys(p256.getPrivate(), p256.getPublic()).toString()).doesNotContain("S=");
    }

    /** Pass 1: AARQ, LN context, calling-AP-title, mechanism 7 (2.16.756.5.8.2.7), a 32-octet CtoS. */
    @Test
    void aarqWithMechanism7() throws Exception {
        byte[] ctos = challenge(0x10);
        byte[] bytes = parse("60 5A A1 09 06 07 60 85 74 05 08 01 01 A6 0A 04 08 4D4D4D0000000001"
                + " 8A 02 07 80 8B 07 60 85 74 05 08 02 07 AC 22 80 20 " + Hex.format(ctos)
                + " BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0");
        Aarq built = Aarq.of(ApplicationContextName.LOGICAL_NAME, MechanismName.HIGH_ECDSA, ctos, CLIENT_TITLE,
                InitiateRequest.of(new io.fums.dlms.apdu.Conformance(0x007E1F), 1200));
        assertThat(built.encode()).isEqualTo(bytes);
        Aarq decoded = (Aarq) Apdus.decode(bytes);
        assertThat(decoded.knownMechanism()).contains(MechanismName.HIGH_ECDSA);
        assertThat(decoded.mechanismName()).hasToString("2.16.756.5.8.2.7");
        assertThat(Authentication.of(MechanismName.HIGH_ECDSA)).isEqualTo(Authentication.HIGH_ECDSA);
        assertThat(Authentication.HIGH_ECDSA.securitySuite()).isEqualTo(1);
    }

    /** Pass 2: AARE accepted, authentication-required (14), responding-AP-title, mechanism 7, a 32-octet StoC. */
    @Test
    void aareWithMechanism7() throws Exception {
        byte[] stoc = challenge(0x60);
        byte[] ui = parse("08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07");
        byte[] bytes = parse("61 66 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 0E"
                + " A4 0A 04 08 4D4D4D0000BC614E 88 02 07 80 89 07 60 85 74 05 08 02 07 AA 22 80 20 "
                + Hex.format(stoc) + " BE 10 04 0E " + Hex.format(ui));
        Aare built = new Aare(ApplicationContextName.LOGICAL_NAME.oid(), AssociationResult.ACCEPTED,
                ResultSourceDiagnostic.user(ResultSourceDiagnostic.AUTHENTICATION_REQUIRED), SERVER_TITLE, null, true,
                MechanismName.HIGH_ECDSA.oid(), stoc, ui);
        assertThat(built.encode()).isEqualTo(bytes);
        Aare decoded = (Aare) Apdus.decode(bytes);
        assertThat(MechanismName.of(decoded.mechanismName())).contains(MechanismName.HIGH_ECDSA);
        assertThat(decoded.respondingAuthenticationValue()).isEqualTo(stoc);
    }

    /** Pass 3: ACTION-Request-Normal to reply_to_HLS_authentication (15, 0-0:40.0.0.255, method 1), 64 octets. */
    @Test
    void pass3ActionCarriesTheRawSignature() throws Exception {
        KeyPair k = EcdsaTestKeys.of(RFC6979_X);
        EcdsaKeys dcu = new EcdsaKeys(k.getPrivate(), k.getPublic());
        byte[] fStoC = SecuritySuite1.hlsProof(dcu, CLIENT_TITLE, SERVER_TITLE, challenge(0x60), challenge(0x10));
        assertThat(fStoC).hasSize(SecuritySuite1.SIGNATURE_LENGTH);
        CosemMethodDescriptor reply = new CosemMethodDescriptor(CosemObjects.CLASS_ASSOCIATION_LN,
                CosemObjects.CURRENT_ASSOCIATION, 1);
        byte[] apdu = new ActionRequest.Normal(InvokeIdAndPriority.of(1), reply, new DataValue.OctetString(fStoC))
                .encode();
        assertThat(apdu).isEqualTo(parse("C3 01 C1 000F 0000280000FF 01 01 09 40 " + Hex.format(fStoC)));
        // deterministic k (RFC 6979): the same inputs sign the same
        assertThat(SecuritySuite1.hlsProof(dcu, CLIENT_TITLE, SERVER_TITLE, challenge(0x60), challenge(0x10)))
                .isEqualTo(fStoC);
    }

    /** Suite 1 ciphers like suite 0 but says so in SC (0x31); a channel of the other suite refuses it. */
    @Test
    void suite1ChannelUsesSc31AndRefusesSuite0() throws Exception {
        SecurityKeys keys = SecuritySuite0Test.KEYS;
        byte[] getClock = SecuritySuite0Test.GET_CLOCK;
        SecureChannel s1 = new SecureChannel(SERVER_TITLE, CLIENT_TITLE, keys, null, new InvocationCounters(), 1);
        byte[] c1 = s1.protect(getClock, false);
        assertThat(CipheredApdu.decode(c1, DecodeLimits.DEFAULT).securityControl()).isEqualTo(0x31);
        SecureChannel peer1 = new SecureChannel(CLIENT_TITLE, SERVER_TITLE, keys, null, new InvocationCounters(), 1);
        assertThat(peer1.unprotect(c1, DecodeLimits.DEFAULT).apdu()).isEqualTo(getClock);
        SecureChannel peer0 = new SecureChannel(CLIENT_TITLE, SERVER_TITLE, keys, null, new InvocationCounters());
        assertThatThrownBy(() -> peer0.unprotect(c1, DecodeLimits.DEFAULT)).isInstanceOf(DlmsException.class)
                .hasMessageContaining("suite 1 on a suite 0")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        // the suite id is authenticated: relabelling a suite 1 APDU as suite 0 breaks its tag
        CipheredApdu c = CipheredApdu.decode(c1, DecodeLimits.DEFAULT);
        assertThatThrownBy(() -> SecuritySuite0.unprotect(0x30, SERVER_TITLE, c.invocationCounter(), keys,
                c.payload())).extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
