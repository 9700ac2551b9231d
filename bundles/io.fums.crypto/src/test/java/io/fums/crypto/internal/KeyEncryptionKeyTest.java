package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key-encryption key that wraps meter keys at rest (SEC-1, SEC-2): its file and its wrap. */
class KeyEncryptionKeyTest {

    private static final byte[] METER_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] AAD = "meter m-1|ek".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    @Tag("SEC-1")
    void aNewKekIsOwnerOnlyAndUnwrapsAfterReopen() throws Exception {
        Path file = dir.resolve(KeyEncryptionKey.FILE);
        KeyEncryptionKey kek = KeyEncryptionKey.loadOrCreate(file);
        assertThat(kek.created()).isTrue();
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        byte[] wrapped = kek.wrap(METER_KEY, AAD);
        KeyEncryptionKey again = KeyEncryptionKey.loadOrCreate(file);
        assertThat(again.created()).isFalse();
        assertThat(again.id()).isEqualTo(kek.id()).matches("[0-9a-f]{16}");
        assertThat(again.unwrap(wrapped, AAD)).isEqualTo(METER_KEY);
    }

    @Test
    @Tag("SEC-1")
    void theWrappedFormHoldsNoKeyBytesAndIsFreshEachTime() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.loadOrCreate(dir.resolve("k"));
        byte[] a = kek.wrap(METER_KEY, AAD);
        byte[] b = kek.wrap(METER_KEY, AAD);
        assertThat(a).hasSize(1 + 12 + 16 + 16).isNotEqualTo(b);
        assertThat(HexFormat.of().formatHex(a)).doesNotContain(HexFormat.of().formatHex(METER_KEY).substring(0, 8));
    }

    @Test
    @Tag("SEC-2")
    void aWrappedKeyMovedToAnotherMeterOrChangedDoesNotUnwrap() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.loadOrCreate(dir.resolve("k"));
        byte[] wrapped = kek.wrap(METER_KEY, AAD);
        byte[] otherMeter = "meter m-2|ek".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> kek.unwrap(wrapped, otherMeter)).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_CORRUPT));
        byte[] flipped = wrapped.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> kek.unwrap(flipped, AAD)).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_CORRUPT));
        KeyEncryptionKey other = KeyEncryptionKey.loadOrCreate(dir.resolve("other"));
        assertThatThrownBy(() -> other.unwrap(wrapped, AAD)).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.getMessage()).contains(other.id()));
        assertThatThrownBy(() -> kek.unwrap(new byte[5], AAD)).isInstanceOf(FumsException.class);
    }

    @Test
    @Tag("SEC-1")
    void aKekFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("keys/meter-kek.key");
        KeyEncryptionKey.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyEncryptionKey.loadOrCreate(file)).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).contains(file.toString(), "rw-r--r--", "chmod 600");
        });
    }

    @Test
    @Tag("SEC-1")
    void aKekFileOfTheWrongSizeIsRefused() throws Exception {
        Path file = dir.resolve("kek");
        Files.write(file, new byte[31]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> KeyEncryptionKey.loadOrCreate(file)).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).contains("31 octets");
        });
    }
}
