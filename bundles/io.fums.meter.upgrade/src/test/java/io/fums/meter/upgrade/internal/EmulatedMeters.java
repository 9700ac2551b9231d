package io.fums.meter.upgrade.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A population of emulated meters over TCP for the agent's tests: config, endpoints, signed images. */
final class EmulatedMeters {

    static final KeyPair VENDOR = VendorKeys.generate();

    private EmulatedMeters() {
    }

    /** {@code count} meters {@code m-00001..} on TCP ports from {@code base}; {@code meters} lists per-meter overrides. */
    static PopulationConfig population(Path dir, int base, int count, String meters) throws Exception {
        VendorKeys.write(VENDOR.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 100, "activateMillis": 50, "selfCheckMillis": 50, "deviceType": "FUMS-EM-1"},
                 "groups": [{"id": "m", "count": %d, "tcpPortBase": %d}],
                 "meters": [%s]}
                """.formatted(count, base, meters));
        return PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
    }

    static String id(int n) {
        return String.format("m-%05d", n);
    }

    /**
     * The DCU's side of the meters' default security (HLS-GMAC with suite 0,
     * keys from the population's seed in {@code dir/state}), with one set of
     * invocation counters per meter that goes on across associations, as the
     * DCU's durable counters do. One per test.
     */
    static final class Clients {
        private final Map<String, InvocationCounters> counters = new ConcurrentHashMap<>();

        /** Settings for meter {@code meterId} of the population in {@code dir}. */
        AssociationSettings settings(Path dir, String meterId) throws IOException {
            MeterKeys keys = MeterKeys.load(dir.resolve("state"));
            return AssociationSettings.highGmac(new SecurityKeys(keys.encryptionKey(meterId),
                    keys.authenticationKey(meterId)), HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE),
                    true).withCounters(counters.computeIfAbsent(meterId, k -> new InvocationCounters()))
                    .withResponseTimeout(Duration.ofSeconds(2));
        }

        /** Endpoints of the meters, spread round-robin over {@code links} links. */
        List<MeterEndpoint> endpoints(Path dir, int base, int count, int links) throws IOException {
            List<MeterEndpoint> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int port = base + i;
                AssociationSettings settings = settings(dir, id(i + 1));
                list.add(new MeterEndpoint(id(i + 1), DeviceType.of("FUMS-EM-1"), "link-" + (i % links),
                        () -> DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(2)), 0x10, 1,
                                settings)));
            }
            return list;
        }
    }

    static byte[] imageBytes(int size, long seed) throws Exception {
        return ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), size, seed, VENDOR.getPrivate());
    }

    static FirmwareImage image(byte[] bytes) {
        return new FirmwareImage("2.0.0", FirmwareVersion.parse("2.0.0"), "0".repeat(64), bytes.length,
                List.of(DeviceType.of("FUMS-EM-1")), Map.of());
    }

    /** Per-meter fault overrides: every meter of {@code from..to} gets {@code faults}. */
    static String faults(int from, int to, String faults) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append(b.length() > 0 ? "," : "").append("{\"id\": \"").append(id(i)).append("\", \"faults\": ").append(faults).append('}');
        }
        return b.toString();
    }
}
