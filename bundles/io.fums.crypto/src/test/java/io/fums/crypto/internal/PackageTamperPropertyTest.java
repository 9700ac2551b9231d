package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.VerifyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flipped bit anywhere in a valid package (ZIP headers, manifest,
 * signatures, payloads, central directory, end record)
 * must be refused with a package error code. Never accepted, never an
 * unexpected exception.
 */
class PackageTamperPropertyTest {

    private static final long SEED = 0x5EC3_F1D5L;

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final PackageVerifier verifier = TestPackages.verifier(pki);

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    @Tag("SEC-3")
    void aThousandRandomSingleBitFlipsAreAllRefused() throws Exception {
        byte[] good = Files.readAllBytes(TestPackages.good(dir, pki, "2.5.0"));
        Path target = dir.resolve("flipped.zip");
        Files.write(target, good);
        assertThat(verifier.verify(target, VerifyOptions.none()).manifest().name()).isEqualTo("acme-e350-fw");
        Random random = new Random(SEED);
        Map<ErrorCode, Integer> codes = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < 1000; i++) {
            int offset = random.nextInt(good.length);
            int bit = random.nextInt(8);
            codes.merge(refusal(good, target, offset, bit, "flip " + i), 1, Integer::sum);
        }
        System.out.println("1000 random bit flips over " + good.length + " bytes (seed " + SEED + "), refusals: " + codes);
        assertThat(codes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    void aFlipInEveryByteOfThePackageIsRefused() throws Exception {
        byte[] good = Files.readAllBytes(TestPackages.good(dir, pki, "2.5.0"));
        Path target = dir.resolve("swept.zip");
        Map<String, Integer> codes = new TreeMap<>();
        for (int offset = 0; offset < good.length; offset++) {
            codes.merge(refusal(good, target, offset, (offset * 5) % 8, "sweep").name(), 1, Integer::sum);
        }
        System.out.println("sweep of " + good.length + " bytes, refusals: " + codes);
    }

    private ErrorCode refusal(byte[] good, Path target, int offset, int bit, String what) throws Exception {
        byte[] bad = good.clone();
        bad[offset] ^= (byte) (1 << bit);
        Files.write(target, bad);
        try {
            verifier.verify(target, VerifyOptions.none());
        } catch (FumsException e) {
            if (e.code().category() != ErrorCode.Category.PACKAGE) {
                fail(what + ": byte " + offset + " bit " + bit + " refused with a non-package code: " + e, e);
            }
            return e.code();
        }
        return fail(what + ": byte " + offset + " bit " + bit + " of " + good.length + " was ACCEPTED");
    }
}
