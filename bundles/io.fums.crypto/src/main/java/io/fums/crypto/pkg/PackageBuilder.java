package io.fums.crypto.pkg;

import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.internal.PayloadCheck;
import io.fums.crypto.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an unsigned package from a manifest template and payload files
 * (vendor side: the fums-pkg tool and tests). Each payload is read twice: once
 * to compute its size and SHA-256 for the manifest, once to write it; a file
 * that changes in between fails the build.
 */
public final class PackageBuilder {

    private record Source(Path file, String name) {
    }

    private final PackageManifest template;
    private final List<Source> sources = new ArrayList<>();

    /** A builder; the template's payload list is replaced by the files added. */
    public PackageBuilder(PackageManifest template) {
        this.template = Objects.requireNonNull(template, "template");
    }

    /**
     * Adds a payload file.
     *
     * <p>Payloads are stored uncompressed: a package has exactly one encoding
     * of its content (docs/package-format.md 1.1), and firmware images are
     * compressed already if at all.
     *
     * @param name its entry name in the package (see {@link PayloadInfo#file()})
     * @throws IllegalArgumentException for an invalid or duplicate name
     */
    public PackageBuilder payload(Path file, String name) {
        if (!PayloadInfo.isValidFileName(name)) {
            throw new IllegalArgumentException("invalid payload name '" + Text.printable(name)
                    + "': segments of A-Z a-z 0-9 . _ - separated by /, no '..'");
        }
        if (sources.stream().anyMatch(s -> s.name.equals(name))) {
            throw new IllegalArgumentException("payload name " + name + " given twice");
        }
        sources.add(new Source(file, name));
        return this;
    }

    /**
     * Writes the package to {@code out} (atomically).
     *
     * @return the manifest written
     */
    public PackageManifest build(Path out) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a package needs at least one payload file");
        }
        List<PayloadInfo> payloads = new ArrayList<>();
        for (Source s : sources) {
            MessageDigest md = PayloadCheck.sha256();
            long size = 0;
            try (InputStream in = Files.newInputStream(s.file)) {
                byte[] buf = new byte[1 << 20];
                for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                    md.update(buf, 0, r);
                    size += r;
                }
            }
            payloads.add(new PayloadInfo(s.name, size, Text.hex(md.digest())));
        }
        PackageManifest manifest = template.withPayloads(payloads);
        byte[] manifestBytes = ManifestCodec.write(manifest);
        try {
            AtomicFiles.write(out, ch -> {
                ZipArchiveWriter w = new ZipArchiveWriter(ch);
                w.addBytes(PackageArchive.MANIFEST, manifestBytes);
                for (int i = 0; i < sources.size(); i++) {
                    Source s = sources.get(i);
                    MessageDigest md = PayloadCheck.sha256();
                    ZipEntryInfo e;
                    try (InputStream in = Files.newInputStream(s.file)) {
                        e = w.addStream(s.name, in, md::update);
                    }
                    if (e.size() != payloads.get(i).size() || !Text.hex(md.digest()).equals(payloads.get(i).sha256())) {
                        throw new IOException("payload file " + s.file + " changed while the package was built");
                    }
                }
                w.finish();
            });
        } catch (io.fums.api.error.FumsException e) {
            throw new IllegalStateException(e);
        }
        return manifest;
    }
}
