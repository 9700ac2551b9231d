package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a vendor signing key pair (ECDSA P-256, PEM). */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make a vendor key pair: NAME.key.pem (private) and NAME.pub.pem (public, for --vendor-key).")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out-dir", defaultValue = ".", description = "where the PEM files go")
    Path dir;

    @Option(names = "--name", defaultValue = "vendor", description = "file name prefix")
    String name;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        KeyPair k = VendorKeys.generate();
        VendorKeys.write(k.getPrivate(), dir.resolve(name + ".key.pem"));
        VendorKeys.write(k.getPublic(), dir.resolve(name + ".pub.pem"));
        System.out.println("wrote " + dir.resolve(name + ".key.pem") + " and " + dir.resolve(name + ".pub.pem"));
        return 0;
    }
}
