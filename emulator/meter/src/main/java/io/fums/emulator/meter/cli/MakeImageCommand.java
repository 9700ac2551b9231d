package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a signed FUMS meter firmware image of a given size. */
@Command(name = "make-image", mixinStandardHelpOptions = true,
        description = "Make a signed meter firmware image (format: see README) with a pseudo-random payload.")
final class MakeImageCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, paramLabel = "PEM", description = "vendor private key")
    Path key;

    @Option(names = "--version", required = true, description = "firmware version the image carries")
    String version;

    @Option(names = "--device-type", defaultValue = "FUMS-EM-1", description = "device type (${DEFAULT-VALUE})")
    String deviceType;

    @Option(names = "--size", defaultValue = "262144", description = "total image size in octets (${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "1", description = "payload seed")
    long seed;

    @Option(names = "--fail-self-check", description = "the firmware fails its self-check after activation")
    boolean failSelfCheck;

    @Option(names = "--component", defaultValue = ImageHeader.CORE,
            description = "firmware component the image replaces: core, metrology or communication (${DEFAULT-VALUE})")
    String component;

    @Option(names = "--out", required = true, description = "image file")
    Path out;

    @Override
    public Integer call() throws Exception {
        ImageHeader h = new ImageHeader(version, deviceType, failSelfCheck ? ImageHeader.FLAG_SELF_CHECK_FAILS : 0,
                component);
        byte[] image = ImageSigner.build(h, size, seed, VendorKeys.readPrivateKey(key));
        Files.write(out, image);
        System.out.println(out + ": " + image.length + " octets, SHA-256 "
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image)));
        return 0;
    }
}
