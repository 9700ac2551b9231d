package io.fums.tools.pkg;

import io.fums.api.device.DeviceType;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.sign.TrustSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies a package exactly as a DCU does. */
@Command(name = "verify", description = {"Verify a package exactly as a DCU does.",
    "Checks structure, vendor and utility signatures against the trust store, the manifest, payload sizes and hashes;",
    "with --device-type and --installed-version also compatibility, prerequisite and anti-rollback.",
    "Prints OK and the details, or REFUSED and the error code (exit 1)."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE")
    Path pkg;

    @Option(names = "--trust-store", required = true, paramLabel = "FILE")
    Path trustStore;

    @Option(names = "--device-type", paramLabel = "TYPE", description = "check compatibility and prerequisite for this device type")
    String deviceType;

    @Option(names = "--installed-version", paramLabel = "VERSION", description = "check anti-rollback and prerequisite against it")
    String installedVersion;

    @Option(names = "--kind", paramLabel = "KIND", description = "expect meter-firmware or dcu-software")
    String kind;

    @Override
    public Integer call() throws Exception {
        VerifyOptions options = VerifyOptions.none();
        FirmwareVersion installed = installedVersion == null ? null : FirmwareVersion.parse(installedVersion);
        if (deviceType != null) {
            options = options.forDevice(DeviceType.of(deviceType), installed);
        } else if (installed != null) {
            options = options.installedVersion(installed);
        }
        if (kind != null) {
            options = options.expectKind(PackageKind.fromId(kind));
        }
        if (!Files.isRegularFile(pkg)) {
            throw new NoSuchFileException(pkg.toString());
        }
        PrintWriter o = spec.commandLine().getOut();
        TrustSource trust = TrustSource.fixed(CliFiles.trustStore(trustStore));
        try {
            DefaultPackageVerifier v = new DefaultPackageVerifier(trust, PackageLimits.DEFAULTS);
            VerifiedPackage vp = v.verify(pkg, options);
            o.println("OK " + vp.manifest().name() + " " + vp.manifest().version());
            Output.manifestSummary(o, vp.manifest());
            o.println("manifest sha256: " + vp.manifestSha256());
            o.println("vendor keys:     " + String.join(", ", vp.signerKeyIds(KeyRole.VENDOR)));
            o.println("utility keys:    " + String.join(", ", vp.signerKeyIds(KeyRole.UTILITY)));
            o.println("checked:         signatures, thresholds, sizes, SHA-256"
                    + (deviceType != null ? ", device type " + deviceType : "")
                    + (installed != null ? ", installed " + installed + " -> " + vp.manifest().version() : ""));
            return FumsPkg.OK;
        } catch (FumsException e) {
            o.println("REFUSED " + e.code().name() + ": " + e.getMessage());
            return FumsPkg.REFUSED;
        }
    }
}
