package io.fums.security.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.security.PackageIntake;
import io.fums.security.StoredPackage;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PackageIntake}: the payloads stream into a private staging folder
 * while the verifier checks them; only a package that verifies completely is
 * put into the image store (the package file and each payload, every one
 * re-hashed on the way in), and the staging folder is always removed.
 */
public final class AuditedPackageIntake implements PackageIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedPackageIntake.class);

    private final PackageVerifier verifier;
    private final ImageStore images;
    private final AuditLog audit;
    private final Path stagingRoot;
    private final long maxBytes;

    public AuditedPackageIntake(PackageVerifier verifier, ImageStore images, AuditLog audit, Path stagingRoot, long maxBytes) {
        this.verifier = verifier;
        this.images = images;
        this.audit = audit;
        this.stagingRoot = stagingRoot;
        this.maxBytes = maxBytes;
    }

    @Override
    public StoredPackage take(Path packageFile, PackageKind kind, DeviceType deviceType, FirmwareVersion installedVersion,
                              String channel) throws FumsException {
        String name = String.valueOf(packageFile.getFileName());
        Path staging = stagingRoot.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(staging);
            VerifyOptions options = VerifyOptions.none().expectKind(kind)
                    .copyTo(payload -> Files.newOutputStream(stagingFile(staging, payload)));
            if (deviceType != null) {
                options = options.forDevice(deviceType, installedVersion);
            } else if (installedVersion != null) {
                options = options.installedVersion(installedVersion);
            }
            VerifiedPackage verified = verifier.verify(packageFile, options);
            String packageSha = put(packageFile, ImageStore.UNKNOWN_SIZE, null);
            Map<String, String> payloads = new LinkedHashMap<>();
            for (PayloadInfo p : verified.manifest().payloads()) {
                payloads.put(p.file(), put(stagingFile(staging, p), p.size(), p.sha256()));
            }
            audit.append(AuditEvent.builder("intake", "package.accept").subject(verified.manifest().name() + " "
                    + verified.manifest().version()).detail("channel", channel).detail("kind", kind.id()).detail("file", name)
                    .detail("packageSha256", packageSha).detail("signers", verified.signers().toString()).build());
            return new StoredPackage(verified, packageSha, payloads);
        } catch (FumsException e) {
            audit.append(AuditEvent.builder("intake", "package.refuse").refused(e.code()).subject(name)
                    .detail("channel", channel).detail("kind", kind.id()).detail("message", e.getMessage()).build());
            LOG.warn("package {} refused: {}", name, e.toString());
            throw e;
        } catch (IOException e) {
            FumsException failure = new FumsException(ErrorCode.STORAGE_FAILED, "taking in " + name + " failed: " + e.getMessage(), e);
            audit.append(AuditEvent.builder("intake", "package.refuse").failed(failure.code()).subject(name)
                    .detail("channel", channel).detail("message", failure.getMessage()).build());
            throw failure;
        } finally {
            deleteTree(staging);
        }
    }

    private String put(Path file, long size, String sha256) throws FumsException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return images.put(in, size, sha256, maxBytes);
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

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("staging folder {} not removed: {}", dir, e.toString());
        }
    }
}
