package io.fums.crypto.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.pkg.PackageLimits;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The validated configuration of the crypto component, parsed from plain
 * values so it is unit-tested without OSGi.
 *
 * @param trustStore the trust store file
 * @param packages   package limits
 * @param commands   command limits
 */
public record CryptoSettings(Path trustStore, PackageLimits packages, CommandLimits commands) {

    /** Where the trust store lives, relative to the data directory, unless configured. */
    public static final String DEFAULT_TRUST_STORE = "trust/truststore.json";

    /**
     * Parses the configuration values.
     *
     * @param trustStorePath         configured path, or empty for {@code <dataDir>/trust/truststore.json}
     * @param dataDir                the {@code fums.data.dir} framework property, may be null
     * @param maxPackageMegabytes    largest package file, 1 to 4095
     * @param maxEntries             most ZIP entries, 2 to 1024
     * @param maxManifestKilobytes   largest manifest, 1 to 16384
     * @param maxPayloadMegabytes    largest payload, 1 to 4095
     * @param maxCommandKilobytes    largest command envelope, 1 to 1024
     * @param maxCommandLifetimeSecs longest command validity, 1 to 604800
     * @throws FumsException {@code CONFIG_MISSING} if no trust store path can be
     *     found, {@code CONFIG_INVALID} naming the bad value
     */
    public static CryptoSettings parse(String trustStorePath, String dataDir, int maxPackageMegabytes, int maxEntries,
                                       int maxManifestKilobytes, int maxPayloadMegabytes, int maxCommandKilobytes,
                                       long maxCommandLifetimeSecs) throws FumsException {
        Path trust;
        try {
            if (trustStorePath != null && !trustStorePath.isBlank()) {
                trust = Path.of(trustStorePath.trim());
            } else if (dataDir != null && !dataDir.isBlank()) {
                trust = Path.of(dataDir.trim()).resolve(DEFAULT_TRUST_STORE);
            } else {
                throw new FumsException(ErrorCode.CONFIG_MISSING,
                        "crypto: no trustStorePath configured and no fums.data.dir framework property");
            }
        } catch (InvalidPathException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "crypto: invalid trust store path: " + e.getMessage(), e);
        }
        range("maxPackageMegabytes", maxPackageMegabytes, 1, 4095);
        range("maxEntries", maxEntries, 2, 1024);
        range("maxManifestKilobytes", maxManifestKilobytes, 1, 16384);
        range("maxPayloadMegabytes", maxPayloadMegabytes, 1, 4095);
        range("maxCommandKilobytes", maxCommandKilobytes, 1, 1024);
        range("maxCommandLifetimeSeconds", maxCommandLifetimeSecs, 1, 604800);
        return new CryptoSettings(trust,
                new PackageLimits((long) maxPackageMegabytes << 20, maxEntries, maxManifestKilobytes << 10,
                        (long) maxPayloadMegabytes << 20),
                new CommandLimits(maxCommandKilobytes << 10, Duration.ofSeconds(maxCommandLifetimeSecs)));
    }

    private static void range(String name, long value, long min, long max) throws FumsException {
        if (value < min || value > max) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "crypto: " + name + " must be between " + min + " and "
                    + max + ", not " + value);
        }
    }
}
