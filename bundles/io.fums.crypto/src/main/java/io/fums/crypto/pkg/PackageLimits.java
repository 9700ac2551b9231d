package io.fums.crypto.pkg;

/**
 * Bounds that keep a hostile package from exhausting the DCU.
 *
 * @param maxPackageBytes  largest package file
 * @param maxEntries       most ZIP entries
 * @param maxManifestBytes largest manifest.json
 * @param maxPayloadBytes  largest single payload as declared
 */
public record PackageLimits(long maxPackageBytes, int maxEntries, int maxManifestBytes, long maxPayloadBytes) {

    /** 512 MiB package, 64 entries, 256 KiB manifest, 512 MiB payload. */
    public static final PackageLimits DEFAULTS = new PackageLimits(512L << 20, 64, 256 << 10, 512L << 20);

    /** Rejects values below a useful minimum. */
    public PackageLimits {
        if (maxPackageBytes < 1024 || maxEntries < 2 || maxManifestBytes < 1024 || maxPayloadBytes < 1) {
            throw new IllegalArgumentException("package limits too small: " + maxPackageBytes + "/" + maxEntries + "/"
                    + maxManifestBytes + "/" + maxPayloadBytes);
        }
    }
}
