package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.ReleaseNotes;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.pkg.PackageBuilder;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.PackageSigner;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.security.Guards;
import io.fums.security.PackageIntake;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.ImageStore;
import io.fums.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 9: staged firmware is one per signed content. Two package
 * files with the same signed manifest (here: one approved by one utility key,
 * the other by two) and the same file staged twice give the one staged
 * firmware, on real parts (verifier, intake, image store, SQLite).
 */
@Tag("SM-11")
@Tag("UC-3")
class FirmwareStagingTest {

    private static final DeviceType METER = DeviceType.of("ACME-E350");

    @TempDir
    Path tmp;
    ClosableDatabase db;
    AuditLog audit;
    ImageStore images;
    CampaignStore store;
    FirmwareStaging staging;
    SigningKey vendor;
    SigningKey utility;
    SigningKey utility2;

    @BeforeEach
    void setUp() throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(9);
        vendor = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        utility = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        utility2 = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        TrustStore trust = new TrustStore(List.of(trusted(vendor, KeyRole.VENDOR), trusted(utility, KeyRole.UTILITY),
                trusted(utility2, KeyRole.UTILITY)), Map.of(), Set.of());
        Clock clock = Clock.systemUTC();
        db = Stores.openDatabase(tmp.resolve("data"));
        audit = Stores.auditLog(db, clock);
        images = Stores.imageStore(tmp.resolve("data"));
        store = new CampaignStore(db, clock);
        PackageIntake intake = Guards.packageIntake(new DefaultPackageVerifier(TrustSource.fixed(KeyRing.of(trust)),
                PackageLimits.DEFAULTS), images, audit, tmp.resolve("data/intake"), 16L << 20);
        staging = new FirmwareStaging(intake, store, images, audit, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private static TrustedKey trusted(SigningKey k, KeyRole role) {
        return new TrustedKey(k.keyId(), role, k.algorithm(), k.publicKey().pem(), role.id());
    }

    /** A package of {@code image} at {@code version}, signed by the vendor and approved by {@code approvers}. */
    private Path pkg(String name, String version, byte[] image, SigningKey... approvers) throws Exception {
        Path bin = Files.write(tmp.resolve(name + ".bin"), image);
        PackageManifest template = new PackageManifest(1, PackageKind.METER_FIRMWARE, "acme-e350-fw", FirmwareVersion.parse(version),
                "ACME Metering", List.of(METER), Map.of(), new ReleaseNotes(List.of("new tariff"), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.parse("2026-11-01T00:00:00Z"), false);
        Path p = tmp.resolve(name + ".zip");
        new PackageBuilder(template).payload(bin, "firmware/image.bin").build(p);
        PackageSigner.sign(p, p, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        for (SigningKey a : approvers) {
            PackageSigner.sign(p, p, a, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        }
        return p;
    }

    private static byte[] image(long seed) {
        byte[] b = new byte[32 * 1024];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void stagingTheSameSignedContentTwiceInTwoDifferentFilesGivesOneStagedFirmware() throws Exception {
        byte[] image = image(1);
        Path once = pkg("once", "2.0.0", image, utility);
        Path twice = pkg("twice", "2.0.0", image, utility, utility2);
        assertThat(Files.readAllBytes(once)).as("two different package files").isNotEqualTo(Files.readAllBytes(twice));

        StagedFirmware first = staging.stage(once, "test");
        StagedFirmware second = staging.stage(twice, "test");
        StagedFirmware third = staging.stage(once, "test");

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(store.firmware()).containsExactly(first);
        assertThat(images.list()).as("one package file and its image, no duplicate package")
                .containsExactlyInAnyOrder(first.packageSha256(), first.imageSha256());
        List<AuditEntry> stages = audit.query(AuditQuery.all()).stream()
                .filter(e -> e.action().equals("firmware.stage")).toList();
        assertThat(stages).hasSize(3);
        assertThat(stages).allSatisfy(e -> assertThat(e.subject()).isEqualTo(first.packageSha256()));
    }

    @Test
    void anotherSignedContentIsAnotherStagedFirmwareEvenWithTheSameImage() throws Exception {
        byte[] image = image(2);
        StagedFirmware v2 = staging.stage(pkg("v2", "2.0.0", image, utility), "test");
        StagedFirmware v21 = staging.stage(pkg("v21", "2.1.0", image, utility), "test");
        assertThat(v21.packageSha256()).isNotEqualTo(v2.packageSha256());
        assertThat(store.firmware()).extracting(StagedFirmware::version)
                .containsExactlyInAnyOrder(FirmwareVersion.parse("2.0.0"), FirmwareVersion.parse("2.1.0"));
    }
}
