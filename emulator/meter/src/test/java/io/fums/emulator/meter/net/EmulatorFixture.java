package io.fums.emulator.meter.net;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.security.InvocationCounters;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.runtime.InventoryWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

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

    /**
     * A client's side of the meters' security (the emulator's default:
     * HLS-GMAC with suite 0 ciphering), with one set of invocation counters
     * per meter that goes on across associations and emulator restarts, as
     * the DCU's durable counters do.
     */
    static final class Clients {
        private final Map<String, InvocationCounters> counters = new HashMap<>();

        AssociationSettings settings(MeterEmulator emu, String meterId) {
            MeterSecurity s = emu.population().plan(meterId).security();
            if (!"high-gmac".equals(s.authentication())) {
                throw new IllegalStateException(meterId + " is not on the default security: " + s);
            }
            return s.clientSettings(HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE))
                    .withCounters(counters.computeIfAbsent(meterId, k -> new InvocationCounters()));
        }
    }

    static void closeQuietly(DlmsClient c) {
        if (c != null) {
            c.close();
        }
    }
}
