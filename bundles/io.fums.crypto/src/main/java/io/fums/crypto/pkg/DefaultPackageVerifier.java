package io.fums.crypto.pkg;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.internal.DeviceChecks;
import io.fums.crypto.internal.PayloadCheck;
import io.fums.crypto.internal.SignatureChecker;
import io.fums.crypto.internal.Text;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.TrustSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The plain Java package verifier (no OSGi needed): structure, signatures,
 * manifest, device checks, then payload streaming, in that order (see
 * {@link PackageVerifier}). Thread-safe; each call reads the trust store from
 * its {@link TrustSource} once.
 */
public final class DefaultPackageVerifier implements PackageVerifier {

    private static final Set<KeyRole> PACKAGE_ROLES = EnumSet.of(KeyRole.VENDOR, KeyRole.UTILITY);

    private final TrustSource trust;
    private final PackageLimits limits;

    /** A verifier with the given trust store and limits. */
    public DefaultPackageVerifier(TrustSource trust, PackageLimits limits) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public VerifiedPackage verify(Path packageFile, VerifyOptions options) throws FumsException {
        return verify(packageFile, options, PACKAGE_ROLES);
    }

    /**
     * Verifies with only {@code requiredRoles}' thresholds enforced: a utility
     * checks the vendor's signatures this way before approving. Every
     * signature present must still be good.
     */
    public VerifiedPackage verify(Path packageFile, VerifyOptions options, Set<KeyRole> requiredRoles) throws FumsException {
        Objects.requireNonNull(options, "options");
        try (FileChannel ch = FileChannel.open(packageFile, StandardOpenOption.READ)) {
            KeyRing ring = trust.get();
            PackageArchive archive = PackageArchive.open(ch, limits);
            byte[] manifestBytes = archive.manifestBytes();
            Map<KeyRole, List<String>> signers = SignatureChecker.check(manifestBytes, archive.signatures(), ring, requiredRoles);
            PackageManifest manifest = ManifestCodec.parse(manifestBytes);
            DeviceChecks.check(manifest, options);
            archive.matchPayloads(manifest, limits.maxPayloadBytes());
            Map<String, String> hashes = PayloadCheck.check(archive, manifest, options.sink());
            return new VerifiedPackage(manifest, Text.hex(PayloadCheck.sha256().digest(manifestBytes)), signers, hashes);
        } catch (NoSuchFileException e) {
            throw new FumsException(ErrorCode.PKG_MALFORMED, "no package file " + packageFile, e);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "cannot read package " + packageFile + ": " + e, e);
        } catch (RuntimeException e) {
            // fail closed: nothing unexpected may ever let a package through
            throw new FumsException(ErrorCode.INTERNAL, "package verification failed unexpectedly: " + e, e);
        }
    }
}
