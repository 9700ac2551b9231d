package io.fums.crypto.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.sign.TrustSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The DS wrapper: registers the package and command verifiers, configured
 * under PID {@value #PID}. The trust store file is read at every
 * verification. An invalid configuration does not stop the component: every
 * verification then fails with {@code CONFIG_INVALID} or {@code CONFIG_MISSING},
 * which callers audit.
 */
@Component(service = {PackageVerifier.class, CommandVerifier.class}, configurationPid = CryptoComponent.PID)
@Designate(ocd = CryptoComponent.Config.class)
public final class CryptoComponent implements PackageVerifier, CommandVerifier {

    /** The configuration PID. */
    public static final String PID = "io.fums.crypto";
    /** The framework property naming the data directory. */
    public static final String DATA_DIR = "fums.data.dir";

    /** Configuration of package and command verification. */
    @ObjectClassDefinition(name = "FUMS package and command verification",
            description = "Trust store location and the bounds applied to packages and signed commands.")
    public @interface Config {

        @AttributeDefinition(name = "Trust store", description = "Path of the trust store JSON file; empty for "
                + "<fums.data.dir>/trust/truststore.json")
        String trustStorePath() default "";

        @AttributeDefinition(name = "Largest package (MiB)", min = "1", max = "4095")
        int maxPackageMegabytes() default 512;

        @AttributeDefinition(name = "Most ZIP entries", min = "2", max = "1024")
        int maxEntries() default 64;

        @AttributeDefinition(name = "Largest manifest (KiB)", min = "1", max = "16384")
        int maxManifestKilobytes() default 256;

        @AttributeDefinition(name = "Largest payload (MiB)", min = "1", max = "4095")
        int maxPayloadMegabytes() default 512;

        @AttributeDefinition(name = "Largest command envelope (KiB)", min = "1", max = "1024")
        int maxCommandKilobytes() default 64;

        @AttributeDefinition(name = "Longest command lifetime (s)", description = "expiresAt - issuedAt of a signed "
                + "command may not exceed this", min = "1", max = "604800")
        long maxCommandLifetimeSeconds() default 3600;
    }

    /** The verifiers of one configuration, or the reason there are none. */
    private record Delegates(PackageVerifier packages, CommandVerifier commands, FumsException problem) {
    }

    private final String dataDir;
    private volatile Delegates delegates;

    /** Activates with the framework's data directory and the configuration. */
    @Activate
    public CryptoComponent(BundleContext context, Config config) {
        this.dataDir = context.getProperty(DATA_DIR);
        this.delegates = delegates(config);
    }

    @Modified
    void modified(Config config) {
        delegates = delegates(config);
    }

    private Delegates delegates(Config c) {
        try {
            CryptoSettings s = CryptoSettings.parse(c.trustStorePath(), dataDir, c.maxPackageMegabytes(), c.maxEntries(),
                    c.maxManifestKilobytes(), c.maxPayloadMegabytes(), c.maxCommandKilobytes(), c.maxCommandLifetimeSeconds());
            TrustSource trust = TrustSource.file(s.trustStore());
            return new Delegates(new DefaultPackageVerifier(trust, s.packages()), new DefaultCommandVerifier(trust, s.commands()), null);
        } catch (FumsException e) {
            return new Delegates(null, null, e);
        }
    }

    @Override
    public VerifiedPackage verify(Path packageFile, VerifyOptions options) throws FumsException {
        Delegates d = delegates;
        if (d.problem() != null) {
            throw new FumsException(d.problem().code(), d.problem().getMessage());
        }
        return d.packages().verify(packageFile, options);
    }

    @Override
    public VerifiedCommand verify(byte[] envelope, DeviceId expectedDcuId, Instant now, Duration maxSkew) throws FumsException {
        Delegates d = delegates;
        if (d.problem() != null) {
            throw new FumsException(d.problem().code(), d.problem().getMessage());
        }
        return d.commands().verify(envelope, expectedDcuId, now, maxSkew);
    }
}
