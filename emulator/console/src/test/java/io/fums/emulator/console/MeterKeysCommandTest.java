package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code meters keys} and {@code meters keys-rotate}, offline (SEC-1): the keys file is checked before anything is sent, and echoed nowhere. */
@Tag("SEC-1")
class MeterKeysCommandTest {

    private static final String DEAD = "tcp://127.0.0.1:1";
    private static final String EK = "00112233445566778899aabbccddeeff";
    private static final String AK = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

    @TempDir
    Path tmp;

    @Test
    void aKeysFileIsTheTwoKeysInOrderCommentsAndBlankLinesAside() throws Exception {
        Path f = Files.writeString(tmp.resolve("k"), "# m-1, from the vendor's export\n" + EK + "\n\n  " + AK + "  \n");
        assertThat(MeterKeysCommand.readKeys(f)).isEqualTo(HexFormat.of().parseHex(EK + AK));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one key            | 00112233445566778899aabbccddeeff                                                        | one per line, and nothing else
            three lines        | 00112233445566778899aabbccddeeff\\n00112233445566778899aabbccddeeff\\n00                  | one per line, and nothing else
            short key          | 0011\\n00112233445566778899aabbccddeeff                                                   | line 1 is not 32 hex digits
            not hex            | 00112233445566778899aabbccddeeff\\nzz112233445566778899aabbccddeeff                       | line 2 is not 32 hex digits
            """)
    void aBadKeysFileIsAUsageErrorAndNothingIsSent(String what, String content, String message) throws Exception {
        SigningKey op = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        Path key = Files.writeString(tmp.resolve("op.pem"), EcKeys.privateKeyPem(op));
        Path f = Files.writeString(tmp.resolve("k"), content.replace("\\n", "\n"));
        ConsoleRun r = ConsoleRun.of("meters", "keys", "DCU-1", "m-1", "--keys-file", f.toString(), "-k",
                key.toString(), "-b", DEAD);
        assertThat(r.rc()).as(what + ": " + r).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("00112233445566778899aabbccddeeff");
    }

    @Test
    void withoutAnOperatorKeyNothingIsSent() throws Exception {
        Path f = Files.writeString(tmp.resolve("k"), EK + "\n" + AK + "\n");
        ConsoleRun r = ConsoleRun.of("meters", "keys", "DCU-1", "m-1", "--keys-file", f.toString(), "-b", DEAD);
        assertThat(r.rc()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--operator-key");
    }

    @Test
    void aFleetsKeysFileIsOneLinePerMeterInOrder() throws Exception {
        Path f = Files.writeString(tmp.resolve("fleet"), "# vendor export\nm-1 " + EK + " " + AK + "\n\n  m-2\t" + AK
                + "   " + EK + "\n");
        var keys = MeterKeysCommand.readMeterKeys(f);
        assertThat(keys.keySet()).containsExactly("m-1", "m-2");
        assertThat(keys.get("m-1")).isEqualTo(HexFormat.of().parseHex(EK + AK));
        assertThat(keys.get("m-2")).isEqualTo(HexFormat.of().parseHex(AK + EK));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            two fields        | m-1 00112233445566778899aabbccddeeff                                                     | line 1 is not METER-ID
            short key         | m-1 00112233445566778899aabbccddeeff 0011                                                | line 1 is not METER-ID
            meter twice       | m-1 00112233445566778899aabbccddeeff 00112233445566778899aabbccddeeff\\nm-1 00112233445566778899aabbccddeeff 00112233445566778899aabbccddeeff | line 2: meter m-1 again
            no meter          | # nothing                                                                                | no meter in it
            """)
    void aBadFleetKeysFileIsAUsageErrorAndNothingIsSent(String what, String content, String message) throws Exception {
        SigningKey op = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        Path key = Files.writeString(tmp.resolve("op.pem"), EcKeys.privateKeyPem(op));
        Path f = Files.writeString(tmp.resolve("k"), content.replace("\\n", "\n"));
        ConsoleRun r = ConsoleRun.of("meters", "keys", "DCU-1", "--keys-file", f.toString(), "-k", key.toString(),
                "-b", DEAD);
        assertThat(r.rc()).as(what + ": " + r).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("00112233445566778899aabbccddeeff");
    }

    // SEC-3: a shared medium's broadcast keys, from the same file (the emulator's KeyExport writes them)

    private static final String BK = "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    @Test
    @Tag("SEC-3")
    void aFleetsKeysFileCarriesEachSharedMediumsBroadcastKeysApart() throws Exception {
        Path f = Files.writeString(tmp.resolve("fleet"), "m-1 " + EK + " " + AK + "\nmedium bus-a " + BK + " " + AK
                + "\n  medium\tbus-b   " + AK + " " + BK + "\n");
        MeterKeysCommand.KeysFile keys = MeterKeysCommand.readKeysFile(f);
        assertThat(keys.meters().keySet()).as("a medium is no meter").containsExactly("m-1");
        assertThat(keys.media().keySet()).containsExactly("bus-a", "bus-b");
        assertThat(keys.media().get("bus-a")).isEqualTo(HexFormat.of().parseHex(BK + AK));
        assertThat(keys.media().get("bus-b")).isEqualTo(HexFormat.of().parseHex(AK + BK));
        Path only = Files.writeString(tmp.resolve("media"), "medium bus-a " + BK + " " + AK + "\n");
        assertThat(MeterKeysCommand.readKeysFile(only).media()).containsOnlyKeys("bus-a");
    }

    @ParameterizedTest(name = "{0}")
    @Tag("SEC-3")
    @CsvSource(delimiter = '|', textBlock = """
            medium without id  | medium b0b1b2b3b4b5b6b7b8b9babbbcbdbebf a0a1a2a3a4a5a6a7a8a9aaabacadaeaf                  | line 2 is not medium MEDIUM-ID
            short key          | medium bus-a b0b1b2b3b4b5b6b7b8b9babbbcbdbebf a0a1                                      | line 2 is not medium MEDIUM-ID
            not hex            | medium bus-a zzb1b2b3b4b5b6b7b8b9babbbcbdbebf a0a1a2a3a4a5a6a7a8a9aaabacadaeaf          | line 2 is not medium MEDIUM-ID
            five fields        | medium bus-a b0b1b2b3b4b5b6b7b8b9babbbcbdbebf a0a1a2a3a4a5a6a7a8a9aaabacadaeaf 00      | line 2 is not medium MEDIUM-ID
            medium twice       | medium bus-a b0b1b2b3b4b5b6b7b8b9babbbcbdbebf a0a1a2a3a4a5a6a7a8a9aaabacadaeaf\\nmedium bus-a b0b1b2b3b4b5b6b7b8b9babbbcbdbebf a0a1a2a3a4a5a6a7a8a9aaabacadaeaf | line 3: medium bus-a again
            """)
    void aBadMediumLineIsAUsageErrorAndNothingIsSent(String what, String content, String message) throws Exception {
        SigningKey op = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        Path key = Files.writeString(tmp.resolve("op.pem"), EcKeys.privateKeyPem(op));
        Path f = Files.writeString(tmp.resolve("k"), "m-1 " + EK + " " + AK + "\n" + content.replace("\\n", "\n"));
        ConsoleRun r = ConsoleRun.of("meters", "keys", "DCU-1", "--keys-file", f.toString(), "-k", key.toString(),
                "-b", DEAD);
        assertThat(r.rc()).as(what + ": " + r).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain(BK).doesNotContain(AK).doesNotContain(EK);
    }

    @Test
    void aBatchBeyondTheDcusLimitIsAUsageError() throws Exception {
        Path f = Files.writeString(tmp.resolve("k"), "m-1 " + EK + " " + AK + "\n");
        ConsoleRun r = ConsoleRun.of("meters", "keys", "DCU-1", "--keys-file", f.toString(), "--batch", "1001",
                "-b", DEAD);
        assertThat(r.rc()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--batch 1001: give 1 to 1000");
    }

    // meters keys-rotate: three keys in the file, checked before anything is sent

    private static final String KEK = "0f0e0d0c0b0a09080706050403020100";

    @Test
    void aRotationKeysFileIsTheMasterKeyThenTheNewKeys() throws Exception {
        Path f = Files.writeString(tmp.resolve("k"), "# m-1\n" + KEK + "\n" + EK + "\n" + AK + "\n");
        assertThat(MeterKeysCommand.readKeys(f, new MeterKeysRotateCommand().keyNames()))
                .isEqualTo(HexFormat.of().parseHex(KEK + EK + AK));
        assertThat(new MeterKeysRotateCommand().operation()).isEqualTo("meters.keys.rotate");
    }

    @Test
    void aRotationWithTwoKeysIsAUsageErrorAndNothingIsSent() throws Exception {
        SigningKey op = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        Path key = Files.writeString(tmp.resolve("op.pem"), EcKeys.privateKeyPem(op));
        Path f = Files.writeString(tmp.resolve("k"), EK + "\n" + AK + "\n");
        ConsoleRun r = ConsoleRun.of("meters", "keys-rotate", "DCU-1", "m-1", "--keys-file", f.toString(), "-k",
                key.toString(), "-b", DEAD);
        assertThat(r.rc()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("the meter's master key, then the new encryption key").doesNotContain(EK);
    }
}
