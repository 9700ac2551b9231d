package io.fums.tools.pkg;

import io.fums.crypto.PackageManifest;
import io.fums.crypto.pkg.ManifestCodec;
import io.fums.crypto.pkg.PackageBuilder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Builds an unsigned package. */
@Command(name = "build", description = {"Build an unsigned package from a manifest template and payload files.",
    "The template is manifest.json without 'payloads' (computed here) and optionally without 'createdAt' (now)."})
final class BuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "manifest template (JSON)")
    Path manifest;

    @Option(names = "--payload", required = true, paramLabel = "FILE[=NAME]",
            description = "payload file, stored uncompressed under NAME (default: its file name); repeat for several")
    List<String> payloads;

    @Option(names = "--out", required = true, paramLabel = "PACKAGE", description = "the package to write")
    Path out;

    @Option(names = "--force", description = "replace an existing package")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!force && Files.exists(out)) {
            throw new FileAlreadyExistsException(out.toString());
        }
        PackageManifest template = ManifestCodec.parseTemplate(CliFiles.read(manifest, 1 << 20), Instant.now());
        PackageBuilder b = new PackageBuilder(template);
        for (String p : payloads) {
            int eq = p.indexOf('=');
            Path file = Path.of(eq < 0 ? p : p.substring(0, eq));
            b.payload(file, eq < 0 ? file.getFileName().toString() : p.substring(eq + 1));
        }
        PackageManifest m = b.build(out);
        Output.manifestSummary(spec.commandLine().getOut(), m);
        spec.commandLine().getOut().println("wrote unsigned package " + out + " (" + Files.size(out) + " bytes); next: sign, then approve");
        return FumsPkg.OK;
    }
}
