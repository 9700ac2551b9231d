package io.fums.emulator.meter.net;

import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.emulator.meter.image.VendorKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;

/** Helpers for tests that run the emulator with the real DLMS client. */
final class EmulatorFixture {

    private EmulatorFixture() {
    }

    /** A run of {@code n} free TCP ports (probably still free when used). */
    static int freePortBase(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            }
            if (base + n > 65_000) {
                continue;
            }
            boolean free = true;
            for (int i = 0; i < n && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i)) {
                    free = s.isBound();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no run of " + n + " free ports");
    }

    /** Writes the vendor's public key as PEM into {@code dir}. */
    static Path publicKey(KeyPair vendor, Path dir) throws IOException {
        Path p = dir.resolve("vendor.pub.pem");
        VendorKeys.write(vendor.getPublic(), p);
        return p;
    }

    /** Polls the transfer status until it is {@code want} (or fails after {@code millis}). */
    static ImageTransferStatus awaitStatus(ImageTransferClient it, ImageTransferStatus want, long millis)
            throws DlmsException, InterruptedException {
        long end = System.currentTimeMillis() + millis;
        ImageTransferStatus s = it.status();
        while (s != want && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            s = it.status();
        }
        return s;
    }

    static void closeQuietly(DlmsClient c) {
        if (c != null) {
            c.close();
        }
    }
}
