package io.fums.crypto.pkg;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A package ZIP read as the FUMS layout: {@code manifest.json} first, then
 * the signature files in ascending name order, then the payloads in manifest
 * order, and nothing else. Opening reads the structure, the manifest bytes
 * and the signature files; payload data is read later, only after the
 * signatures verified.
 */
public final class PackageArchive {

    /** The name of the manifest entry. */
    public static final String MANIFEST = "manifest.json";
    /** Most signature files in a package. */
    public static final int MAX_SIGNATURES = 16;

    private final ZipArchiveReader zip;
    private final byte[] manifestBytes;
    private final List<SignatureFile> signatures;
    private final List<ZipEntryInfo> payloadEntries;

    private PackageArchive(ZipArchiveReader zip, byte[] manifestBytes, List<SignatureFile> signatures,
                           List<ZipEntryInfo> payloadEntries) {
        this.zip = zip;
        this.manifestBytes = manifestBytes;
        this.signatures = List.copyOf(signatures);
        this.payloadEntries = List.copyOf(payloadEntries);
    }

    /**
     * Reads the structure, the manifest bytes and the signature files.
     *
     * @throws FumsException {@code PKG_MALFORMED}, {@code PKG_PATH_TRAVERSAL},
     *     {@code PKG_TOO_LARGE} or {@code PKG_SIGNATURE_INVALID} (a signature
     *     file that does not parse)
     */
    public static PackageArchive open(FileChannel ch, PackageLimits limits) throws FumsException, IOException {
        ZipArchiveReader zip = ZipArchiveReader.open(ch, limits.maxPackageBytes(), limits.maxEntries());
        List<ZipEntryInfo> entries = zip.entries();
        if (!entries.get(0).name().equals(MANIFEST)) {
            throw ZipArchiveReader.malformed("the first entry must be " + MANIFEST + ", not " + entries.get(0).name());
        }
        byte[] manifest = EntryStreamer.readSmall(ch, entries.get(0), limits.maxManifestBytes());
        List<SignatureFile> signatures = new ArrayList<>();
        int i = 1;
        String previous = "";
        for (; i < entries.size() && entries.get(i).name().startsWith("signatures/"); i++) {
            ZipEntryInfo e = entries.get(i);
            if (e.name().compareTo(previous) <= 0) {
                throw ZipArchiveReader.malformed("signature files are not in ascending name order");
            }
            if (signatures.size() == MAX_SIGNATURES) {
                throw new FumsException(ErrorCode.PKG_TOO_LARGE, "package has more than " + MAX_SIGNATURES + " signature files");
            }
            previous = e.name();
            signatures.add(SignatureFile.parse(e.name(), EntryStreamer.readSmall(ch, e, SignatureFile.MAX_BYTES)));
        }
        List<ZipEntryInfo> payloads = new ArrayList<>(entries.subList(i, entries.size()));
        for (ZipEntryInfo e : payloads) {
            if (e.name().equals(MANIFEST) || e.name().startsWith("signatures/")) {
                throw ZipArchiveReader.malformed("entry " + e.name() + " after the payloads");
            }
        }
        return new PackageArchive(zip, manifest, signatures, payloads);
    }

    /** The exact bytes of manifest.json (the signed bytes). */
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    /** The signature files, in entry order. */
    public List<SignatureFile> signatures() {
        return signatures;
    }

    /** The ZIP entries after the signatures, in file order. */
    public List<ZipEntryInfo> payloadEntries() {
        return payloadEntries;
    }

    /** The manifest entry. */
    public ZipEntryInfo manifestEntry() {
        return zip.entries().get(0);
    }

    /** The channel the package is read from. */
    public FileChannel channel() {
        return zip.channel();
    }

    /**
     * Matches the payload entries to the manifest: the same files in the same
     * order, nothing more, and each entry's recorded size equal to the
     * declared one.
     *
     * @throws FumsException {@code PKG_MALFORMED} (missing, extra or misordered
     *     entry), {@code PKG_TOO_LARGE} (declared size over the limit),
     *     {@code PKG_SIZE_MISMATCH}
     */
    public void matchPayloads(PackageManifest m, long maxPayloadBytes) throws FumsException {
        List<PayloadInfo> declared = m.payloads();
        for (int i = 0; i < Math.max(declared.size(), payloadEntries.size()); i++) {
            if (i >= payloadEntries.size()) {
                throw ZipArchiveReader.malformed("payload " + declared.get(i).file() + " listed in the manifest is missing");
            }
            ZipEntryInfo e = payloadEntries.get(i);
            if (i >= declared.size() || !declared.get(i).file().equals(e.name())) {
                boolean listed = declared.stream().anyMatch(p -> p.file().equals(e.name()));
                throw ZipArchiveReader.malformed("entry " + e.name() + (listed
                        ? " is not in manifest order" : " is not listed in the manifest"));
            }
            PayloadInfo p = declared.get(i);
            if (p.size() > maxPayloadBytes) {
                throw new FumsException(ErrorCode.PKG_TOO_LARGE, "payload " + p.file() + " declares " + p.size()
                        + " bytes, more than the limit of " + maxPayloadBytes);
            }
            if (e.size() != p.size()) {
                throw new FumsException(ErrorCode.PKG_SIZE_MISMATCH, "payload " + p.file() + ": the manifest declares "
                        + p.size() + " bytes, the package entry holds " + e.size());
            }
        }
    }
}
