package io.fums.deploy.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Verifies a dcu-software package and stages its feature: the payloads are
 * streamed into a staging folder while they are verified, the feature
 * descriptor is checked against the signed manifest, and each bundle jar is
 * placed, fsynced, in {@code <data>/deploy/bundles/<sha256>.jar}, where the
 * launcher finds the bundles of a committed set.
 */
final class PackageStager {

    /** A verified feature, ready to swap in. */
    record StagedFeature(VerifiedPackage pkg, FeatureDescriptor descriptor, List<SoftwareSet.SetBundle> bundles) {
    }

    private final PackageVerifier verifier;
    private final DeployPaths paths;
    private final DeviceType dcuType;
    private final int defaultHealthTimeoutSeconds;

    PackageStager(PackageVerifier verifier, DeployPaths paths, DeviceType dcuType, int defaultHealthTimeoutSeconds) {
        this.verifier = verifier;
        this.paths = paths;
        this.dcuType = dcuType;
        this.defaultHealthTimeoutSeconds = defaultHealthTimeoutSeconds;
    }

    StagedFeature stage(Path packageFile, SoftwareSet committed, String txId) throws FumsException {
        Path staging = paths.staging().resolve(txId);
        try {
            Files.createDirectories(staging);
            VerifyOptions options = VerifyOptions.none().expectKind(PackageKind.DCU_SOFTWARE)
                    .copyTo(payload -> Files.newOutputStream(stagingFile(staging, payload)));
            VerifiedPackage pkg = verifier.verify(packageFile, options);
            checkVersion(pkg, committed);
            FeatureDescriptor descriptor = descriptor(pkg, staging);
            List<SoftwareSet.SetBundle> bundles = new ArrayList<>();
            for (FeatureDescriptor.BundleRef ref : descriptor.bundles) {
                String sha = pkg.payloadSha256().get(ref.file());
                if (sha == null) {
                    throw FeatureDescriptor.invalid("feature.json names bundle " + ref.file() + ", which is not a payload of the package");
                }
                Path jar = staging.resolve(ref.file());
                String[] id = bundleIdentity(jar, ref.file());
                bundles.add(new SoftwareSet.SetBundle(descriptor.name, id[0], id[1], ref.startLevel(), ref.start(), sha));
                place(jar, paths.bundleJar(sha));
            }
            return new StagedFeature(pkg, descriptor, bundles);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "staging the package failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw FeatureDescriptor.invalid(e.getMessage());
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Compatibility with this DCU's type, and anti-rollback against the
     * installed version of the feature (known only once the signed manifest
     * names the feature, so checked after verification and before any change).
     */
    void checkVersion(VerifiedPackage pkg, SoftwareSet committed) throws FumsException {
        if (!pkg.manifest().isCompatibleWith(dcuType)) {
            throw new FumsException(ErrorCode.PKG_INCOMPATIBLE, "package " + pkg.manifest().name() + " "
                    + pkg.manifest().version() + " is not for DCU type " + dcuType + " (it lists "
                    + pkg.manifest().compatibleDeviceTypes() + ")");
        }
        var installed = committed.feature(pkg.manifest().name());
        if (installed.isPresent()) {
            FirmwareVersion current = FirmwareVersion.parse(installed.get().version());
            if (!pkg.manifest().version().isNewerThan(current) && !pkg.manifest().downgrade()) {
                throw new FumsException(ErrorCode.PKG_DOWNGRADE, "feature " + pkg.manifest().name() + " " + current
                        + " is installed; " + pkg.manifest().version() + " is not newer and not signed as a downgrade");
            }
        }
    }

    private FeatureDescriptor descriptor(VerifiedPackage pkg, Path staging) throws FumsException, IOException {
        Path file = staging.resolve(FeatureDescriptor.FILE);
        if (!pkg.payloadSha256().containsKey(FeatureDescriptor.FILE) || !Files.isRegularFile(file)) {
            throw FeatureDescriptor.invalid("the package has no " + FeatureDescriptor.FILE + " payload");
        }
        if (Files.size(file) > 256 * 1024) {
            throw FeatureDescriptor.invalid(FeatureDescriptor.FILE + " is larger than 256 KiB");
        }
        FeatureDescriptor d = FeatureDescriptor.parse(Files.readString(file, StandardCharsets.UTF_8), defaultHealthTimeoutSeconds);
        if (!d.name.equals(pkg.manifest().name()) || !FirmwareVersion.parse(d.version).equals(pkg.manifest().version())) {
            throw FeatureDescriptor.invalid("feature.json says " + d.name + " " + d.version + " but the signed manifest says "
                    + pkg.manifest().name() + " " + pkg.manifest().version());
        }
        return d;
    }

    /** {symbolic name, version} from a bundle jar's manifest. */
    private static String[] bundleIdentity(Path jar, String name) throws FumsException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) {
                throw FeatureDescriptor.invalid("payload " + name + " is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            String version = m.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            return new String[] {bsn.split(";")[0].trim(), Version.parseVersion(version).toString()};
        } catch (IOException e) {
            throw FeatureDescriptor.invalid("payload " + name + " is not a readable jar: " + e.getMessage());
        }
    }

    private static Path stagingFile(Path staging, PayloadInfo payload) throws IOException {
        Path target = staging.resolve(payload.file()).normalize();
        if (!target.startsWith(staging)) {
            throw new IOException("payload path escapes the staging folder: " + payload.file());
        }
        Files.createDirectories(target.getParent());
        return target;
    }

    /** Copies a verified jar to its content-addressed place, durably; an existing file is kept (same content). */
    private static void place(Path jar, Path target) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        SoftwareSetFile.forceDirectory(target.getParent());
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Leftovers are removed at the next start (DeployPaths.cleanStaging).
        }
    }
}
