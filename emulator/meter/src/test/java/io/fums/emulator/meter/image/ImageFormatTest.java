package io.fums.emulator.meter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed image format and the meter's check of it (SM-4, SM-11, SEC-1). */
@Tag("SM-11")
@Tag("SEC-1")
class ImageFormatTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;

    private ImageVerifier.Result verify(byte[] image, String type) throws IOException {
        Path f = dir.resolve("img");
        Files.write(f, image);
        return new ImageVerifier(List.of(vendor.getPublic())).verify(f, image.length, type);
    }

    @Test
    void imagesOfAnExactSizeVerifyWithTheirSha256() throws Exception {
        for (int size : new int[] {200, 4097, 256 * 1024}) {
            byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "T", 0), size, size, vendor.getPrivate());
            assertThat(image).hasSize(size);
            ImageVerifier.Result r = verify(image, "T");
            assertThat(r.ok()).as(r.reason()).isTrue();
            assertThat(r.header()).isEqualTo(new ImageHeader("2.0.0", "T", 0));
            assertThat(r.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(image));
        }
        // same seed, same payload (the header's payload length may differ by the signature's length)
        assertThat(Arrays.copyOfRange(ImageSigner.build(new ImageHeader("1", "T", 0), 500, 9, vendor.getPrivate()), 17,
                400)).isEqualTo(Arrays.copyOfRange(ImageSigner.build(new ImageHeader("1", "T", 0), 500, 9,
                vendor.getPrivate()), 17, 400));
    }

    @Test
    void anyAlterationIsDetected() throws Exception {
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "T", 0), 3000, 1, vendor.getPrivate());
        for (int at : new int[] {0, 10, 20, 1500, 2900, 2995, 2999}) {
            byte[] bad = image.clone();
            bad[at] ^= 1;
            assertThat(verify(bad, "T").ok()).as("flipped octet %d", at).isFalse();
        }
        assertThat(verify(Arrays.copyOf(image, 2000), "T").ok()).isFalse();
        assertThat(verify(new byte[3000], "T").reason()).isEqualTo("no signature trailer");
        assertThat(verify(image, "OTHER").reason()).contains("device type T");
        assertThat(new ImageVerifier(List.of()).verify(write(image), 3000, "T").reason())
                .isEqualTo("no trusted vendor key");
        assertThat(new ImageVerifier(List.of(vendor.getPublic())).verify(write(image), 3001, "T").reason())
                .contains("differs from the announced");
    }

    @Test
    void aSecondTrustedKeyIsAcceptedAndAnUntrustedOneIsNot() throws Exception {
        KeyPair other = VendorKeys.generate();
        byte[] image = ImageSigner.sign(new ImageHeader("2.0.0", "T", 1), new byte[100], other.getPrivate());
        Path f = write(image);
        assertThat(new ImageVerifier(List.of(vendor.getPublic())).verify(f, image.length, "T").ok()).isFalse();
        ImageVerifier.Result r = new ImageVerifier(List.of(vendor.getPublic(), other.getPublic()))
                .verify(f, image.length, "T");
        assertThat(r.ok()).isTrue();
        assertThat(r.header().failsSelfCheck()).isTrue();
    }

    @Test
    void keysRoundTripAsPemAndOnlyP256IsTrusted() throws Exception {
        VendorKeys.write(vendor.getPublic(), dir.resolve("pub.pem"));
        VendorKeys.write(vendor.getPrivate(), dir.resolve("key.pem"));
        assertThat(VendorKeys.readPublicKey(dir.resolve("pub.pem"))).isEqualTo(vendor.getPublic());
        byte[] image = ImageSigner.build(new ImageHeader("2", "T", 0), 500, 1,
                VendorKeys.readPrivateKey(dir.resolve("key.pem")));
        assertThat(verify(image, "T").ok()).isTrue();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        VendorKeys.write(g.generateKeyPair().getPublic(), dir.resolve("p384.pem"));
        assertThatThrownBy(() -> VendorKeys.readPublicKey(dir.resolve("p384.pem"))).hasMessageContaining("P-256");
        Files.writeString(dir.resolve("junk.pem"), "hello");
        assertThatThrownBy(() -> VendorKeys.readPublicKey(dir.resolve("junk.pem"))).isInstanceOf(IOException.class);
    }

    private Path write(byte[] image) throws IOException {
        Path f = dir.resolve("img2");
        Files.write(f, image);
        return f;
    }
}
