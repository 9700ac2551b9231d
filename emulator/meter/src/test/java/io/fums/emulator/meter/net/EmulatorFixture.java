package io.fums.emulator.meter.net;

import io.fums.dlms.client.DlmsClient;
import io.fums.emulator.meter.image.VendorKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;

/** Helpers for tests that run the emulator with the real DLMS client. */
final class EmulatorFixture {

    private EmulatorFixture() {
    }

    /** Writes the vendor's public key as PEM into {@code dir}. */
    static Path publicKey(KeyPair vendor, Path dir) throws IOException {
        Path p = dir.resolve("vendor.pub.pem");
        VendorKeys.write(vendor.getPublic(), p);
        return p;
    }

    static void closeQuietly(DlmsClient c) {
        if (c != null) {
            c.close();
        }
    }
}
