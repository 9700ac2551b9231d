package io.fums.emulator.console;

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
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.pkg.PackageBuilder;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.PackageSigner;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustStoreCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Keys (vendor, utility, operator, and a stranger's), the trust store a DCU
 * needs, and signed dcu-software packages.
 */
final class Fixtures {

    static final DeviceType DCU_TYPE = DeviceType.of("fums-dcu");

    final SigningKey vendor;
    final SigningKey utility;
    final SigningKey operator;
    final SigningKey stranger;

    Fixtures() {
        SecureRandom r = new SecureRandom();
        vendor = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        utility = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        stranger = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
    }

    /** Writes {@code <data>/trust/truststore.json} (vendor, utility, operator) and returns its path. */
    Path writeTrustStore(Path dataDir) throws IOException {
        TrustStore store = new TrustStore(List.of(
                new TrustedKey(vendor.keyId(), KeyRole.VENDOR, vendor.algorithm(), vendor.publicKey().pem(), "test vendor"),
                new TrustedKey(utility.keyId(), KeyRole.UTILITY, utility.algorithm(), utility.publicKey().pem(), "test utility"),
                new TrustedKey(operator.keyId(), KeyRole.OPERATOR, operator.algorithm(), operator.publicKey().pem(),
                        "test operator")), Map.of(), Set.of());
        Path file = dataDir.resolve("trust/truststore.json");
        Files.createDirectories(file.getParent());
        Files.write(file, TrustStoreCodec.write(store));
        return file;
    }

    /** Writes the operator's private key as PEM (for the console's --operator-key). */
    Path writeOperatorKey(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("operator.key.pem"), EcKeys.privateKeyPem(operator));
    }

    /** Writes a stranger's private key as PEM. */
    Path writeStrangerKey(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("stranger.key.pem"), EcKeys.privateKeyPem(stranger));
    }

    /** A dcu-software package of feature {@code name} at {@code version}, signed by vendor and utility. */
    Path softwarePackage(Path dir, String name, String version) throws Exception {
        Files.createDirectories(dir);
        byte[] payload = new byte[4096];
        new Random(version.hashCode()).nextBytes(payload);
        Path bin = Files.write(dir.resolve(name + "-" + version + ".bin"), payload);
        PackageManifest template = new PackageManifest(1, PackageKind.DCU_SOFTWARE, name, FirmwareVersion.parse(version),
                "FUMS test", List.of(DCU_TYPE), Map.of(), new ReleaseNotes(List.of("test"), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.parse("2026-01-15T10:00:00Z"), false);
        Path pkg = dir.resolve(name + "-" + version + ".zip");
        new PackageBuilder(template).payload(bin, "payload.bin").build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        return pkg;
    }
}
