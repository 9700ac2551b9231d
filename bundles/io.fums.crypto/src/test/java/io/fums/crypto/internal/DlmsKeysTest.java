package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.DlmsKeys;
import io.fums.crypto.sign.EcKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DCU's DLMS client key for HLS-ECDSA (security suite 1): owner-only file, stable, refused if others read it. */
@Tag("SEC-1")
class DlmsKeysTest {

    @TempDir
    Path dir;

    @Test
    void theClientKeyIsMadeOwnerOnlyAndKeptAndItsPublicHalfVerifiesItsSignatures() throws Exception {
        Path file = dir.resolve(DlmsKeys.CLIENT_KEY_FILE);
        DlmsKeys.ClientKey made = DlmsKeys.loadOrCreateClientKey(file);
        assertThat(made.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file.resolveSibling("dlms-client.key.pub.pem"))).isEqualTo(made.publicKeyPem());
        DlmsKeys.ClientKey again = DlmsKeys.loadOrCreateClientKey(file);
        assertThat(again.created()).isFalse();
        assertThat(again.keyId()).isEqualTo(made.keyId());
        assertThat(again.toString()).doesNotContain(again.privateKey().getS().toString(16));

        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(again.privateKey());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(EcKeys.readPublicKeyPem(made.publicKeyPem()).spki())));
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void aClientKeyOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve(DlmsKeys.CLIENT_KEY_FILE);
        DlmsKeys.loadOrCreateClientKey(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DlmsKeys.loadOrCreateClientKey(file)).isInstanceOfSatisfying(FumsException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("DLMS client signing key").contains("rw-r--r--");
                });
    }

    @Test
    void aMeterCertificateMustBeX509OnP256AndSmall() {
        assertThatThrownBy(() -> DlmsKeys.meterCertificate("not a certificate".getBytes(StandardCharsets.US_ASCII),
                "m-1.pem")).isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.getMessage()).startsWith("m-1.pem is not an X.509 certificate"));
        assertThatThrownBy(() -> DlmsKeys.meterCertificate(new byte[DlmsKeys.MAX_CERTIFICATE + 1], "big.pem"))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CONFIG_INVALID));
    }
}
