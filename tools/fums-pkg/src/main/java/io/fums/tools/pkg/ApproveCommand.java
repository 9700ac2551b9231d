package io.fums.tools.pkg;

import io.fums.crypto.KeyRole;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.sign.TrustSource;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Approves a package as the utility. */
@Command(name = "approve", description = {"Approve a package as the utility (adds the utility's signature).",
    "First verifies the vendor's signatures and the payloads against --trust-store; refuses to approve otherwise."})
final class ApproveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE")
    Path pkg;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the utility's private key (PEM)")
    Path key;

    @Option(names = "--trust-store", paramLabel = "FILE", description = "trust store holding the vendor's keys")
    Path trustStore;

    @Option(names = "--skip-vendor-check", description = "approve without checking the vendor's signatures (not recommended)")
    boolean skipVendorCheck;

    @Option(names = "--out", paramLabel = "PACKAGE", description = "write the approved package here (default: in place)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (trustStore == null && !skipVendorCheck) {
            throw new IllegalArgumentException("approve needs --trust-store to check the vendor's signatures first"
                    + " (or --skip-vendor-check)");
        }
        var signingKey = CliFiles.signingKey(key);
        if (trustStore != null) {
            DefaultPackageVerifier v = new DefaultPackageVerifier(TrustSource.fixed(CliFiles.trustStore(trustStore)), PackageLimits.DEFAULTS);
            VerifiedPackage vp = v.verify(pkg, VerifyOptions.none(), EnumSet.of(KeyRole.VENDOR));
            spec.commandLine().getOut().println("vendor signature(s) OK: " + String.join(", ", vp.signerKeyIds(KeyRole.VENDOR)));
        }
        return SignCommand.sign(spec, pkg, out, signingKey, KeyRole.UTILITY);
    }
}
