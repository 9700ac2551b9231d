package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.DeviceKeys;
import io.fums.crypto.DeviceSigner;
import io.fums.crypto.MessageSignatures;
import io.fums.crypto.MessageSignatures.Verdict;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DCU's own signing key and the signature on what it publishes (SEC-6); the key file's protection (SEC-1). */
class DeviceSignatureTest {

    private static final String TOPIC = "fums/v1/DCU-1/evt/meter-result";
    private static final byte[] PAYLOAD = "{\"meterId\":\"m-1\",\"state\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    @Tag("SEC-1")
    void aNewKeyIsReadableByItsOwnerOnlyAndTheSameKeyComesBack() throws Exception {
        Path file = dir.resolve("keys/dcu-signing.key.pem");
        DeviceKeys.Loaded first = DeviceKeys.loadOrCreate(file);
        assertThat(first.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(dir.resolve("keys/dcu-signing.key.pem.pub.pem"))).isEqualTo(first.signer().publicKeyPem());
        DeviceKeys.Loaded again = DeviceKeys.loadOrCreate(file);
        assertThat(again.created()).isFalse();
        assertThat(again.signer().keyId()).isEqualTo(first.signer().keyId()).matches("[0-9a-f]{16}");
        assertThat(again.signer().algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    @Test
    @Tag("SEC-1")
    void aKeyFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("dcu.key.pem");
        DeviceKeys.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DeviceKeys.loadOrCreate(file)).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).contains(file.toString(), "rw-r--r--", "chmod 600");
        });
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> DeviceKeys.loadOrCreate(file)).hasMessageContaining("rw--w----");
    }

    @Test
    @Tag("SEC-1")
    void aFileThatIsNotAP256KeyIsRefusedAndLeftAlone() throws Exception {
        Path p384 = dir.resolve("p384.pem");
        String pem = EcKeys.privateKeyPem(EcKeys.generate(SignatureAlgorithm.ECDSA_P384_SHA384, new SecureRandom()));
        Files.writeString(p384, pem);
        Files.setPosixFilePermissions(p384, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> DeviceKeys.loadOrCreate(p384)).hasMessageContaining("P-256 is required");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a key");
        Files.setPosixFilePermissions(junk, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> DeviceKeys.loadOrCreate(junk)).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        assertThat(Files.readString(junk)).isEqualTo("not a key");
    }

    @Test
    @Tag("SEC-6")
    void aMessageSignedByTheDcuVerifiesAndIsDeterministic() throws Exception {
        DeviceSigner signer = DeviceKeys.loadOrCreate(dir.resolve("k.pem")).signer();
        String sig = MessageSignatures.sign(signer, TOPIC, PAYLOAD);
        assertThat(MessageSignatures.sign(signer, TOPIC, PAYLOAD)).as("RFC 6979: a re-send carries the same signature")
                .isEqualTo(sig);
        assertThat(MessageSignatures.verify(signer.publicKeyPem(), TOPIC, PAYLOAD, signer.keyId(), sig))
                .isEqualTo(Verdict.VERIFIED);
        assertThat(MessageSignatures.keyId(signer.publicKeyPem())).isEqualTo(signer.keyId());
    }

    @Test
    @Tag("SEC-6")
    void forgedUnsignedMovedAndMalleatedMessagesAreToldApart() throws Exception {
        DeviceSigner dcu = DeviceKeys.loadOrCreate(dir.resolve("dcu.pem")).signer();
        DeviceSigner intruder = DeviceKeys.loadOrCreate(dir.resolve("intruder.pem")).signer();
        String pem = dcu.publicKeyPem();
        String sig = MessageSignatures.sign(dcu, TOPIC, PAYLOAD);
        byte[] changed = "{\"meterId\":\"m-1\",\"state\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, null, null)).isEqualTo(Verdict.UNSIGNED);
        assertThat(MessageSignatures.verify(pem, TOPIC, changed, dcu.keyId(), sig)).as("payload changed")
                .isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, "fums/v1/DCU-2/evt/meter-result", PAYLOAD, dcu.keyId(), sig))
                .as("moved to another DCU's topic").isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, intruder.keyId(),
                MessageSignatures.sign(intruder, TOPIC, PAYLOAD))).as("another key").isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, dcu.keyId(),
                MessageSignatures.sign(intruder, TOPIC, PAYLOAD))).as("another key under the DCU's key id")
                .isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, dcu.keyId(), null)).isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, dcu.keyId(), "%%%")).isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, dcu.keyId(), "A".repeat(100_000)))
                .isEqualTo(Verdict.FORGED);
        assertThat(MessageSignatures.verify(pem, TOPIC, PAYLOAD, dcu.keyId(), highS(sig))).as("high-s twin")
                .isEqualTo(Verdict.FORGED);
    }

    private static String highS(String lowS) {
        ASN1Sequence seq = ASN1Sequence.getInstance(Base64.getDecoder().decode(lowS));
        BigInteger n = EcKeys.domain(SignatureAlgorithm.ECDSA_P256_SHA256).getN();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        try {
            return Base64.getEncoder().encodeToString(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    seq.getObjectAt(0), new ASN1Integer(n.subtract(s))}).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
