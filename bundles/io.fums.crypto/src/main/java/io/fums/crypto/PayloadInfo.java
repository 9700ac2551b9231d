package io.fums.crypto;

import java.util.regex.Pattern;

/**
 * One payload file of a package as the signed manifest declares it.
 *
 * @param file   the entry name inside the package: segments of
 *               {@code [A-Za-z0-9._-]} separated by {@code /}, no {@code ..},
 *               at most 200 characters, not {@code manifest.json} and not
 *               under {@code signatures/}
 * @param size   the exact size in bytes, {@code >= 0}
 * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
 */
public record PayloadInfo(String file, long size, String sha256) {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}(?:/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){0,7}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates every component.
     *
     * @throws IllegalArgumentException naming the component that is invalid
     */
    public PayloadInfo {
        if (!isValidFileName(file)) {
            throw new IllegalArgumentException("invalid payload file name '" + file
                    + "': segments of A-Z a-z 0-9 . _ - separated by /, no '..', at most 200 characters,"
                    + " not manifest.json or signatures/...");
        }
        if (size < 0) {
            throw new IllegalArgumentException("payload size must not be negative: " + size);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("payload sha256 must be 64 lower-case hex digits");
        }
    }

    /** True if {@code name} may name a payload file (see {@link #file()}). */
    public static boolean isValidFileName(String name) {
        return name != null && name.length() <= 200 && FILE.matcher(name).matches() && !name.contains("..")
                && !name.equals("manifest.json") && !name.startsWith("signatures/");
    }
}
