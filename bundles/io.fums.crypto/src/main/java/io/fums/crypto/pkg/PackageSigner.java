package io.fums.crypto.pkg;

import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.internal.PayloadCheck;
import io.fums.crypto.sign.SigningKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Adds a signature to a package: the vendor signs, the utility approves
 * (vendor and utility side: the fums-pkg tool and tests). Before signing it
 * checks that the package is well formed, the manifest valid and every
 * payload matches it, so nobody signs a broken package. A previous signature
 * by the same key is replaced.
 */
public final class PackageSigner {

    private PackageSigner() {
    }

    /**
     * Signs {@code pkg} with {@code key}, claiming {@code role}, and writes the
     * result to {@code out} atomically ({@code out} may be {@code pkg}).
     *
     * @return the signature added
     * @throws FumsException if the package is malformed, its manifest invalid or a payload does not match
     */
    public static SignatureFile sign(Path pkg, Path out, SigningKey key, KeyRole role, PackageLimits limits)
            throws FumsException, IOException {
        if (!role.signsPackages()) {
            throw new IllegalArgumentException("role " + role.id() + " does not sign packages");
        }
        try (FileChannel ch = FileChannel.open(pkg, StandardOpenOption.READ)) {
            PackageArchive archive = PackageArchive.open(ch, limits);
            byte[] manifestBytes = archive.manifestBytes();
            PackageManifest manifest = ManifestCodec.parse(manifestBytes);
            archive.matchPayloads(manifest, limits.maxPayloadBytes());
            PayloadCheck.check(archive, manifest, Optional.empty());
            SignatureFile signature = SignatureFile.sign(key, role, manifestBytes);
            List<SignatureFile> signatures = new ArrayList<>();
            for (SignatureFile s : archive.signatures()) {
                if (!s.keyId().equals(key.keyId())) {
                    signatures.add(s);
                }
            }
            signatures.add(signature);
            signatures.sort(Comparator.comparing(SignatureFile::entryName));
            AtomicFiles.write(out, dst -> {
                ZipArchiveWriter w = new ZipArchiveWriter(dst);
                w.copy(ch, archive.manifestEntry());
                for (SignatureFile s : signatures) {
                    w.addBytes(s.entryName(), s.toBytes());
                }
                for (ZipEntryInfo e : archive.payloadEntries()) {
                    w.copy(ch, e);
                }
                w.finish();
            });
            return signature;
        }
    }
}
