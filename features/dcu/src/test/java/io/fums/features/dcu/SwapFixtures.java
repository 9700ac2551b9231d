package io.fums.features.dcu;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareComponent;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Version;

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
        writeTrustStore(dataDir, List.<SigningKey>of());
    }

    /** As {@link #writeTrustStore(Path)}, also trusting {@code operator} (null: none) for signed commands. */
    public void writeTrustStore(Path dataDir, SigningKey operator) throws IOException {
        writeTrustStore(dataDir, operator == null ? List.of() : List.of(operator));
    }

    /** As {@link #writeTrustStore(Path)}, also trusting every key of {@code operators} for signed commands. */
    public void writeTrustStore(Path dataDir, List<SigningKey> operators) throws IOException {
        List<TrustedKey> keys = new java.util.ArrayList<>(List.of(
                new TrustedKey(vendor.keyId(), KeyRole.VENDOR, vendor.algorithm(), vendor.publicKey().pem(), "test vendor"),
                new TrustedKey(utility.keyId(), KeyRole.UTILITY, utility.algorithm(), utility.publicKey().pem(), "test utility")));
        for (SigningKey operator : operators) {
            keys.add(new TrustedKey(operator.keyId(), KeyRole.OPERATOR, operator.algorithm(), operator.publicKey().pem(),
                    "test operator " + operator.keyId()));
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
        new PackageBuilder(template).payload(featureJson, "feature.json")
                .payload(testBundles.resolve("lib-v1.jar"), "bundles/lib.jar")
                .payload(testBundles.resolve(leafModule + ".jar"), "bundles/leaf.jar")
                .build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, strangerApproval ? stranger : utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        return pkg;
    }

    /** A meter-firmware package carrying {@code image} for FUMS-EM-1 meters, signed by vendor and utility. */
    public Path meterFirmware(Path dir, String version, byte[] image) throws Exception {
        return meterFirmware(dir, version, image, "FUMS-EM-1");
    }

    /** A meter-firmware package carrying {@code image} for meters of {@code deviceType}, signed by vendor and utility. */
    public Path meterFirmware(Path dir, String version, byte[] image, String deviceType) throws Exception {
        return meterFirmware(dir, version, image, List.of(deviceType), FirmwareComponent.CORE);
    }

    /**
     * A meter-firmware package carrying {@code image} for {@code component} (issue 15) of meters of
     * {@code deviceTypes}, signed by vendor and utility.
     */
    public Path meterFirmware(Path dir, String version, byte[] image, List<String> deviceTypes,
            FirmwareComponent component) throws Exception {
        Files.createDirectories(dir);
        Path payload = Files.write(dir.resolve("image-" + version + ".bin"), image);
        PackageManifest template = new PackageManifest(1, PackageKind.METER_FIRMWARE, "fums-em-firmware",
                FirmwareVersion.parse(version), "FUMS test vendor", deviceTypes.stream().map(DeviceType::of).toList(),
                Map.of(), new ReleaseNotes(List.of("meter firmware " + version), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.now(), false, component);
        Path pkg = dir.resolve("meter-firmware-" + version + ".zip");
        new PackageBuilder(template).payload(payload, "image.bin").build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        return pkg;
    }

    /**
     * A feature of {@code jars} (each at {@code startLevel}, started), without
     * health tags, signed by vendor and utility.
     */
    public Path feature(Path dir, String name, String version, List<Path> jars, int startLevel) throws Exception {
        Files.createDirectories(dir);
        StringBuilder bundles = new StringBuilder();
        for (Path jar : jars) {
            bundles.append(bundles.length() == 0 ? "" : ",").append("{\"file\":\"bundles/").append(jar.getFileName())
                    .append("\",\"startLevel\":").append(startLevel).append('}');
        }
        Path featureJson = Files.writeString(dir.resolve(name + "-" + version + ".json"), "{\"name\":\"" + name
                + "\",\"version\":\"" + version + "\",\"bundles\":[" + bundles + "],\"health\":{\"timeoutSeconds\":30}}");
        PackageManifest template = new PackageManifest(1, PackageKind.DCU_SOFTWARE, name, FirmwareVersion.parse(version),
                "FUMS test vendor", List.of(DCU_TYPE), Map.of(), new ReleaseNotes(List.of(name + " " + version), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.now(), false);
        Path pkg = dir.resolve(name + "-" + version + ".zip");
        PackageBuilder builder = new PackageBuilder(template).payload(featureJson, "feature.json");
        for (Path jar : jars) {
            builder.payload(jar, "bundles/" + jar.getFileName());
        }
        builder.build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        return pkg;
    }

    /**
     * A copy of a bundle jar, same content, with the micro part of its
     * Bundle-Version raised by one (what a vendor ships as a fix of a base
     * bundle); returns {@code out}.
     */
    public static Path nextMicroVersion(Path jar, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            Version v = Version.parseVersion(main.getValue("Bundle-Version"));
            main.putValue("Bundle-Version", new Version(v.getMajor(), v.getMinor(), v.getMicro() + 1, v.getQualifier()).toString());
            try (OutputStream file = Files.newOutputStream(out); JarOutputStream jarOut = new JarOutputStream(file, manifest)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    jarOut.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(jarOut);
                    }
                    jarOut.closeEntry();
                }
            }
        }
        return out;
    }

    /** A bundle jar's Bundle-Version, normalised as the framework shows it. */
    public static String bundleVersion(Path jar) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            return Version.parseVersion(in.getManifest().getMainAttributes().getValue("Bundle-Version")).toString();
        }
    }

    public Path bystanderJar() {
        return testBundles.resolve("bystander.jar");
    }
}
