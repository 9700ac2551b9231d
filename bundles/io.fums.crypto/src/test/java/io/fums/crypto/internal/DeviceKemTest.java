package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.DeviceKem;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ECIES provisioning of meter keys to the DCU's own key-agreement key (SEC-1, SEC-3). */
class DeviceKemTest {

    private static final byte[] KEYS = HexFormat.of().parseHex(
            "00112233445566778899aabbccddeeff" + "0f0e0d0c0b0a09080706050403020100");
    private static final byte[] AAD = DeviceKem.meterKeysAad("DCU-1", "m-1");

    @TempDir
    Path dir;

    @Test
    @Tag("SEC-1")
    void sealedToTheDcuOpensWithItsKeyAfterReopen() throws Exception {
        Path file = dir.resolve(DeviceKem.FILE);
        DeviceKem kem = DeviceKem.loadOrCreate(file);
        assertThat(kem.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve(DeviceKem.FILE + ".pub.pem"))).isEqualTo(kem.publicKeyPem());
        byte[] sealed = DeviceKem.seal(kem.publicKeyPem(), KEYS, AAD);
        assertThat(sealed).hasSize(EciesCipher.OVERHEAD + KEYS.length);
        DeviceKem again = DeviceKem.loadOrCreate(file);
        assertThat(again.created()).isFalse();
        assertThat(again.keyId()).isEqualTo(kem.keyId());
        assertThat(again.open(sealed, AAD)).isEqualTo(KEYS);
    }

    @Test
    @Tag("SEC-3")
    void tamperedOrMisdirectedMaterialIsRefused() throws Exception {
        DeviceKem kem = DeviceKem.loadOrCreate(dir.resolve("kem.pem"));
        byte[] sealed = DeviceKem.seal(kem.publicKeyPem(), KEYS, AAD);
        for (int i : new int[] {70, 80, sealed.length - 1}) {
            byte[] t = sealed.clone();
            t[i] ^= 0x01;
            assertMalformed(() -> kem.open(t, AAD), "does not authenticate");
        }
        assertMalformed(() -> kem.open(sealed, DeviceKem.meterKeysAad("DCU-1", "m-2")), "does not authenticate");
        assertMalformed(() -> kem.open(sealed, DeviceKem.meterKeysAad("DCU-2", "m-1")), "does not authenticate");
        DeviceKem other = DeviceKem.loadOrCreate(dir.resolve("other.pem"));
        assertMalformed(() -> other.open(sealed, AAD), "does not authenticate");
    }

    @Test
    @Tag("SEC-3")
    void anEphemeralKeyOffTheCurveOrOfAnotherCurveIsRefused() throws Exception {
        DeviceKem kem = DeviceKem.loadOrCreate(dir.resolve("kem.pem"));
        byte[] sealed = DeviceKem.seal(kem.publicKeyPem(), KEYS, AAD);
        byte[] offCurve = sealed.clone();
        offCurve[64] ^= 0x01; // the last octet of y: the point leaves the curve
        assertMalformed(() -> kem.open(offCurve, AAD), "not a valid point on P-256");
        byte[] compressed = sealed.clone();
        compressed[0] = 0x02;
        assertMalformed(() -> kem.open(compressed, AAD), "not an uncompressed P-256 point");
        // a P-384 key's point: 97 octets, so its x and y do not even line up with a P-256 point
        SigningKey p384 = EcKeys.generate(SignatureAlgorithm.ECDSA_P384_SHA384, new SecureRandom());
        byte[] foreign = sealed.clone();
        System.arraycopy(p384.publicKey().params().getQ().getEncoded(false), 0, foreign, 0, 65);
        assertMalformed(() -> kem.open(foreign, AAD), "not a valid point on P-256");
        assertThatThrownBy(() -> DeviceKem.seal(p384.publicKey().pem(), KEYS, AAD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256 is required");
    }

    @Test
    @Tag("SEC-3")
    void tooShortOrOversizeMaterialIsRefused() throws Exception {
        DeviceKem kem = DeviceKem.loadOrCreate(dir.resolve("kem.pem"));
        assertMalformed(() -> kem.open(new byte[EciesCipher.OVERHEAD - 1], AAD), "shorter than");
        assertMalformed(() -> kem.open(new byte[DeviceKem.MAX_SEALED + 1], AAD), "longer than");
        assertMalformed(() -> kem.open(null, AAD), "missing");
    }

    @Test
    @Tag("SEC-1")
    void aKemKeyFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("keys/dcu-kem.key.pem");
        DeviceKem.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> DeviceKem.loadOrCreate(file)).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).contains("key-agreement key", "rw----r--");
        });
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
