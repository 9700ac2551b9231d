package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a vendor signing key pair (ECDSA P-256, PEM); never overwrites a key without {@code --force}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make a vendor key pair: PREFIX.key.pem (private, owner-only) and PREFIX.pub.pem (public, for "
                + "--vendor-key). Refuses to overwrite existing key files unless --force.")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "vendor", paramLabel = "PREFIX",
            description = "path prefix of the two files, as in fums-pkg keygen, e.g. keys/vendor; its folder is created "
                    + "if missing (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--force", description = "overwrite existing key files (the old private key is lost)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path name = out.getFileName();
        if (name == null || name.toString().isBlank()) {
            throw new CliErrors.UsageException("--out '" + out + "' names no file prefix; give one, e.g. keys/vendor");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliErrors.UsageException("--out " + out + ": " + dir + " is a file, not a folder");
        }
        Path priv = dir.resolve(name + ".key.pem");
        Path pub = dir.resolve(name + ".pub.pem");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p) && !force) {
                throw new CliErrors.IoProblem(p + " already exists: a key made earlier would be lost; "
                        + "use another --out, or --force to replace it");
            }
        }
        Files.createDirectories(dir);
        KeyPair k = VendorKeys.generate();
        writeOwnerOnly(k, priv);
        VendorKeys.write(k.getPublic(), pub);
        System.out.println("wrote " + priv + " and " + pub);
        return CliErrors.OK;
    }

    /** The private key goes to a temporary owner-only file first, then replaces the target at once. */
    private static void writeOwnerOnly(KeyPair k, Path priv) throws java.io.IOException {
        Path tmp = Files.createTempFile(priv.toAbsolutePath().getParent(), ".keygen", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            VendorKeys.write(k.getPrivate(), tmp);
            Files.move(tmp, priv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
