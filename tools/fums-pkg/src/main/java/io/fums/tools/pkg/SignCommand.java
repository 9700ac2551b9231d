package io.fums.tools.pkg;

import io.fums.crypto.KeyRole;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.PackageSigner;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.sign.SigningKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Signs a package as its vendor. */
@Command(name = "sign", description = {"Sign a package as its vendor (adds signatures/<keyId>.sig).",
    "Checks first that the package is well formed, its manifest valid and every payload matches it."})
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE")
    Path pkg;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the vendor's private key (PEM)")
    Path key;

    @Option(names = "--out", paramLabel = "PACKAGE", description = "write the signed package here (default: in place)")
    Path out;

    @Override
    public Integer call() throws Exception {
        return sign(spec, pkg, out, CliFiles.signingKey(key), KeyRole.VENDOR);
    }

    static int sign(CommandSpec spec, Path pkg, Path out, SigningKey key, KeyRole role) throws Exception {
        Path target = out == null ? pkg : out;
        SignatureFile s = PackageSigner.sign(pkg, target, key, role, PackageLimits.DEFAULTS);
        spec.commandLine().getOut().println((role == KeyRole.VENDOR ? "signed" : "approved") + " as " + role.id() + " with key "
                + s.keyId() + " (" + s.algorithm().id() + "): " + target);
        return FumsPkg.OK;
    }
}
