package io.fums.tools.pkg;

import io.fums.crypto.PackageManifest;
import io.fums.crypto.pkg.ManifestCodec;
import io.fums.crypto.pkg.PackageArchive;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.SignatureFile;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows what a package claims, without verifying it. */
@Command(name = "inspect", description = {"Show a package's manifest, release notes and signatures (not verified).",
    "Nothing shown here is trusted: use verify for that."})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE")
    Path pkg;

    @Option(names = "--json", description = "print the exact manifest.json bytes only")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        try (FileChannel ch = FileChannel.open(pkg, StandardOpenOption.READ)) {
            PackageArchive a = PackageArchive.open(ch, PackageLimits.DEFAULTS);
            byte[] bytes = a.manifestBytes();
            if (json) {
                o.print(new String(bytes, StandardCharsets.UTF_8));
                return FumsPkg.OK;
            }
            PackageManifest m = ManifestCodec.parse(bytes);
            o.println("NOT VERIFIED: what the package claims");
            Output.manifestSummary(o, m);
            Output.releaseNotes(o, m);
            o.println("signatures:" + (a.signatures().isEmpty() ? " (none)" : ""));
            for (SignatureFile s : a.signatures()) {
                o.println("  " + s.keyId() + "  claims role " + s.role().id() + "  " + s.algorithm().id());
            }
            return FumsPkg.OK;
        }
    }
}
