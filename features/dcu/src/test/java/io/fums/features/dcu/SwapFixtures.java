package io.fums.features.dcu;

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
import io.fums.crypto.internal.EcKeys;
import io.fums.crypto.internal.PackageBuilder;
import io.fums.crypto.internal.PackageLimits;
import io.fums.crypto.internal.PackageSigner;
import io.fums.crypto.internal.SigningKey;
import io.fums.crypto.internal.TrustStoreCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signed dcu-software packages of the test bundles, built at test time with
 * fresh keys, and the trust store a DCU needs to accept them.
 */
public final class SwapFixtures {

    static final DeviceType DCU_TYPE = DeviceType.of("fums-dcu");

    private final SigningKey vendor;
    private final SigningKey utility;
    private final SigningKey stranger;
    private final Path testBundles;

    public SwapFixtures() {
        SecureRandom random = new SecureRandom();
        vendor = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, random);
        utility = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, random);
        stranger = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, random);
        testBundles = Path.of(System.getProperty("fums.testBundles"));
    }

    /** Writes {@code <data>/trust/truststore.json} trusting the vendor and utility keys. */
    public void writeTrustStore(Path dataDir) throws IOException {
        writeTrustStore(dataDir, null);
    }

    /** As {@link #writeTrustStore(Path)}, also trusting {@code operator} (null: none) for signed commands. */
    public void writeTrustStore(Path dataDir, SigningKey operator) throws IOException {
        List<TrustedKey> keys = new java.util.ArrayList<>(List.of(
                new TrustedKey(vendor.keyId(), KeyRole.VENDOR, vendor.algorithm(), vendor.publicKey().pem(), "test vendor"),
                new TrustedKey(utility.keyId(), KeyRole.UTILITY, utility.algorithm(), utility.publicKey().pem(), "test utility")));
        if (operator != null) {
            keys.add(new TrustedKey(operator.keyId(), KeyRole.OPERATOR, operator.algorithm(), operator.publicKey().pem(), "test operator"));
        }
        TrustStore store = new TrustStore(keys, Map.of(), Set.of());
        Path file = dataDir.resolve("trust/truststore.json");
        Files.createDirectories(file.getParent());
        Files.write(file, TrustStoreCodec.write(store));
    }

    /**
     * The leaf feature at {@code version}, built from test bundle module
     * {@code leafModule} (and the library), signed by vendor and utility.
     */
    public Path leafFeature(Path dir, String version, String leafModule, String extraConfiguration) throws Exception {
        return leafFeature(dir, version, leafModule, extraConfiguration, false);
    }

    /** As above; {@code strangerApproval} has the utility role signed by an untrusted key. */
    public Path leafFeature(Path dir, String version, String leafModule, String extraConfiguration, boolean strangerApproval)
            throws Exception {
        Files.createDirectories(dir);
        Path featureJson = dir.resolve("feature-" + version + ".json");
        Files.writeString(featureJson, "{\"name\":\"leaf\",\"version\":\"" + version + "\","
                + "\"bundles\":[{\"file\":\"bundles/lib.jar\",\"startLevel\":19},{\"file\":\"bundles/leaf.jar\",\"startLevel\":20}],"
                + "\"configuration\":{" + extraConfiguration + "},"
                + "\"health\":{\"timeoutSeconds\":5,\"tags\":[\"leaf\"]}}");
        PackageManifest template = new PackageManifest(1, PackageKind.DCU_SOFTWARE, "leaf", FirmwareVersion.parse(version),
                "FUMS test vendor", List.of(DCU_TYPE), Map.of(),
                new ReleaseNotes(List.of("leaf " + version), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.now(), false);
        Path pkg = dir.resolve("leaf-" + version + (strangerApproval ? "-stranger" : "") + ".zip");
        new PackageBuilder(template).payload(featureJson, "feature.json", true)
                .payload(testBundles.resolve("lib-v1.jar"), "bundles/lib.jar", false)
                .payload(testBundles.resolve(leafModule + ".jar"), "bundles/leaf.jar", false)
                .build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, strangerApproval ? stranger : utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        return pkg;
    }

    /** A meter-firmware package carrying {@code image} for FUMS-EM-1 meters, signed by vendor and utility. */
    public Path meterFirmware(Path dir, String version, byte[] image) throws Exception {
        Files.createDirectories(dir);
        Path payload = Files.write(dir.resolve("image-" + version + ".bin"), image);
        PackageManifest template = new PackageManifest(1, PackageKind.METER_FIRMWARE, "fums-em-firmware",
                FirmwareVersion.parse(version), "FUMS test vendor", List.of(DeviceType.of("FUMS-EM-1")), Map.of(),
                new ReleaseNotes(List.of("meter firmware " + version), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.now(), false);
        Path pkg = dir.resolve("meter-firmware-" + version + ".zip");
        new PackageBuilder(template).payload(payload, "image.bin", false).build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        return pkg;
    }

    public Path bystanderJar() {
        return testBundles.resolve("bystander.jar");
    }
}
