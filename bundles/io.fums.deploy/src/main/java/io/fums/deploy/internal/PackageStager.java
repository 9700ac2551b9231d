package io.fums.deploy.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.api.software.BundleJar;
import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import io.fums.crypto.PackageKind;
import io.fums.crypto.VerifiedPackage;
import io.fums.security.PackageIntake;
import io.fums.security.StoredPackage;
import io.fums.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Version;

/**
 * Takes a dcu-software package in through the security gate (verified and
 * stored in the image store, audited), checks the feature descriptor against
 * the signed manifest, and places each bundle jar, re-verified from the image
 * store and fsynced, in {@code <data>/deploy/bundles/<sha256>.jar}, where the
 * launcher finds the bundles of a committed set.
 */
final class PackageStager {

    /** A verified feature, ready to swap in. */
    record StagedFeature(VerifiedPackage pkg, FeatureDescriptor descriptor, List<SoftwareSet.SetBundle> bundles) {
    }

    private static final int MAX_DESCRIPTOR_BYTES = 256 * 1024;

    private final PackageIntake intake;
    private final ImageStore images;
    private final DeployPaths paths;
    private final DeviceType dcuType;
    private final int defaultHealthTimeoutSeconds;

    PackageStager(PackageIntake intake, ImageStore images, DeployPaths paths, DeviceType dcuType, int defaultHealthTimeoutSeconds) {
        this.intake = intake;
        this.images = images;
        this.paths = paths;
        this.dcuType = dcuType;
        this.defaultHealthTimeoutSeconds = defaultHealthTimeoutSeconds;
    }

    StagedFeature stage(Path packageFile, SoftwareSet committed) throws FumsException {
        // The gate verifies the package (signatures, hashes, DCU type) and stores it in the image store; it audits both outcomes.
        StoredPackage stored = intake.take(packageFile, PackageKind.DCU_SOFTWARE, dcuType, null, "deploy");
        VerifiedPackage pkg = stored.verified();
        checkVersion(pkg, committed);
        try {
            FeatureDescriptor descriptor = descriptor(pkg, stored);
            List<SoftwareSet.SetBundle> bundles = new ArrayList<>();
            for (FeatureDescriptor.BundleRef ref : descriptor.bundles) {
                String sha = stored.payloadSha256().get(ref.file());
                if (sha == null) {
                    throw FeatureDescriptor.invalid("feature.json names bundle " + ref.file() + ", which is not a payload of the package");
                }
                Path jar = place(sha, paths.bundleJar(sha));
                String[] id = bundleIdentity(jar, ref.file());
                bundles.add(new SoftwareSet.SetBundle(descriptor.name, id[0], id[1], ref.startLevel(), ref.start(), sha));
            }
            return new StagedFeature(pkg, descriptor, bundles);
        } catch (IOException e) {
            throw SwapTransaction.storageFailure("staging the package failed", e);
        } catch (IllegalArgumentException e) {
            throw FeatureDescriptor.invalid(e.getMessage());
        }
    }

    /**
     * Anti-rollback against the installed version of the feature (known only
     * once the signed manifest names the feature, so checked after
     * verification and before any change; the DCU type was checked by the gate).
     */
    void checkVersion(VerifiedPackage pkg, SoftwareSet committed) throws FumsException {
        var installed = committed.feature(pkg.manifest().name());
        if (installed.isPresent()) {
            FirmwareVersion current = FirmwareVersion.parse(installed.get().version());
            if (!pkg.manifest().version().isNewerThan(current) && !pkg.manifest().downgrade()) {
                throw new FumsException(ErrorCode.PKG_DOWNGRADE, "feature " + pkg.manifest().name() + " " + current
                        + " is installed; " + pkg.manifest().version() + " is not newer and not signed as a downgrade");
            }
        }
    }

    private FeatureDescriptor descriptor(VerifiedPackage pkg, StoredPackage stored) throws FumsException, IOException {
        String sha = stored.payloadSha256().get(FeatureDescriptor.FILE);
        if (sha == null) {
            throw FeatureDescriptor.invalid("the package has no " + FeatureDescriptor.FILE + " payload");
        }
        byte[] json;
        try (InputStream in = images.open(sha).orElseThrow(() -> new FumsException(ErrorCode.STORAGE_CORRUPT,
                FeatureDescriptor.FILE + " is gone from the image store"))) {
            json = in.readNBytes(MAX_DESCRIPTOR_BYTES + 1);
        }
        if (json.length > MAX_DESCRIPTOR_BYTES) {
            throw FeatureDescriptor.invalid(FeatureDescriptor.FILE + " is larger than 256 KiB");
        }
        FeatureDescriptor d = FeatureDescriptor.parse(new String(json, StandardCharsets.UTF_8), defaultHealthTimeoutSeconds);
        if (!d.name.equals(pkg.manifest().name()) || !FirmwareVersion.parse(d.version).equals(pkg.manifest().version())) {
            throw FeatureDescriptor.invalid("feature.json says " + d.name + " " + d.version + " but the signed manifest says "
                    + pkg.manifest().name() + " " + pkg.manifest().version());
        }
        return d;
    }

    /** {symbolic name, version} from a bundle jar's manifest. */
    private static String[] bundleIdentity(Path jar, String name) throws FumsException {
        try {
            BundleJar id = BundleJar.read(jar).orElseThrow(() ->
                    FeatureDescriptor.invalid("payload " + name + " is not an OSGi bundle (no Bundle-SymbolicName)"));
            return new String[] {id.symbolicName(), Version.parseVersion(id.version()).toString()};
        } catch (IOException e) {
            throw FeatureDescriptor.invalid("payload " + name + " is not a readable jar: " + e.getMessage());
        }
    }

    /**
     * Copies a bundle jar from the image store (re-verified on the way out) to
     * its content-addressed place, durably; an existing file is kept (same content).
     */
    private Path place(String sha, Path target) throws FumsException, IOException {
        if (Files.exists(target)) {
            return target;
        }
        SoftwareSetFile.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (InputStream in = images.open(sha).orElseThrow(() -> new FumsException(ErrorCode.STORAGE_CORRUPT,
                "bundle " + sha + " is gone from the image store"))) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        SoftwareSetFile.forceDirectory(target.getParent());
        return target;
    }
}
