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
        description = "Make a vendor key pair: NAME.key.pem (private, owner-only) and NAME.pub.pem (public, for "
                + "--vendor-key). Refuses to overwrite existing key files unless --force.")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out-dir", defaultValue = ".", description = "where the PEM files go (created if missing)")
    Path dir;

    @Option(names = "--name", defaultValue = "vendor", description = "file name prefix")
    String name;

    @Option(names = "--force", description = "overwrite existing key files (the old private key is lost)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new CliErrors.UsageException("--name '" + name + "' must be a plain file name prefix, e.g. vendor");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliErrors.UsageException("--out-dir " + dir + " is a file, not a folder");
        }
        Path priv = dir.resolve(name + ".key.pem");
        Path pub = dir.resolve(name + ".pub.pem");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p) && !force) {
                throw new CliErrors.IoProblem(p + " already exists: a key made earlier would be lost; "
                        + "use another --name or --out-dir, or --force to replace it");
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
