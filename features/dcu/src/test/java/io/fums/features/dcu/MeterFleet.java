package io.fums.features.dcu;

import com.google.gson.JsonObject;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.runtime.KeyExport;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Emulated meters for end-to-end tests of the real DCU: a population (TCP
 * groups and shared HDLC media over ptys) started in the test JVM, a copy of
 * the distribution's conf pointing the DCU at it (inventory, serial links,
 * a fast read interval), and images signed by the meters' vendor.
 *
 * <p>The conf's {@code meters.json} holds no key (SEC-1): every ciphered
 * meter says {@code "keyRef": "store"}, and the meters' keys go to
 * {@link #keysFile(Path)} beside (not inside) the conf, which
 * {@link CampaignFixture#start} provisions through the console
 * ({@code meters keys DCU --keys-file FILE}) once the DCU is online.
 */
public final class MeterFleet implements AutoCloseable {

    private static final KeyPair METER_VENDOR = VendorKeys.generate();

    private final Path dir;
    private final PopulationConfig config;
    private final MeterEmulator emulator;

    private MeterFleet(Path dir, PopulationConfig config, MeterEmulator emulator) {
        this.dir = dir;
        this.config = config;
        this.emulator = emulator;
    }

    /**
     * A base port with {@code count} free ports above it, below the kernel's
     * ephemeral range (32768 and up on Linux), so that no outgoing connection
     * of this machine can take one between the check and the emulator's bind.
     */
    public static int freePortBase(int count) {
        return FreePorts.base(count);
    }

    /**
     * Starts a population.
     *
     * @param groupsAndMeters the population's {@code groups}, {@code media} and {@code meters} members, as JSON text
     */
    public static MeterFleet start(Path dir, String groupsAndMeters) throws Exception {
        Files.createDirectories(dir);
        VendorKeys.write(METER_VENDOR.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 300, "activateMillis": 200, "selfCheckMillis": 200, "deviceType": "FUMS-EM-1"},
                 %s}
                """.formatted(groupsAndMeters));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        return new MeterFleet(dir, config, MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(60))));
    }

    public MeterEmulator emulator() {
        return emulator;
    }

    public MeterStatus status(String meterId) {
        return emulator.population().meter(meterId).status();
    }

    /** Every meter id, sorted. */
    public List<String> meterIds() {
        List<String> ids = new ArrayList<>();
        emulator.population().plans().forEach(p -> ids.add(p.spec().meterId()));
        ids.sort(String::compareTo);
        return ids;
    }

    /** Every meter's status now, by id. */
    public Map<String, MeterStatus> snapshot() {
        Map<String, MeterStatus> out = new TreeMap<>();
        meterIds().forEach(id -> out.put(id, status(id)));
        return out;
    }

    /** An image for one firmware component of the meters (issue 15: core, metrology, communication), signed by their vendor. */
    public static byte[] image(String version, String component, int size, long seed) throws Exception {
        return ImageSigner.build(new ImageHeader(version, "FUMS-EM-1", 0, component), size, seed,
                METER_VENDOR.getPrivate());
    }

    /** An image for the meters, signed by their vendor. */
    public static byte[] image(String version, int size, long seed) throws Exception {
        return ImageSigner.build(new ImageHeader(version, "FUMS-EM-1", 0), size, seed, METER_VENDOR.getPrivate());
    }

    /**
     * The meters' keys for the DCU run with {@code conf} (the console's many-meter keys file), beside the conf
     * folder: the DCU's configuration holds no key.
     */
    public static Path keysFile(Path conf) {
        return conf.toAbsolutePath().resolveSibling(conf.getFileName() + ".meter-keys");
    }

    /**
     * A copy of the distribution's conf for this fleet: meters.json from the
     * emulator with {@code "keyRef": "store"} for every ciphered meter (keys in
     * {@link #keysFile(Path)}), one serial link per shared medium, and the
     * given read interval.
     */
    public Path conf(Path home, Path conf, int readIntervalSeconds, int serialBaud) throws Exception {
        if (!Files.exists(conf)) {
            DcuProcess.copyTree(home.resolve("conf"), conf);
        }
        if (KeyExport.write(emulator, config, "127.0.0.1", conf.resolve("meters.json"), keysFile(conf)) == 0) {
            Files.delete(keysFile(conf));
        }
        JsonObject inventory = InventoryWriter.inventory(emulator, config, "127.0.0.1", InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE);
        for (var link : inventory.getAsJsonArray("links")) {
            JsonObject l = link.getAsJsonObject();
            String id = l.get("id").getAsString();
            Files.writeString(conf.resolve("config/io.fums.link.serial~" + id + ".json"),
                    "{\"link.name\": \"" + id + "\", \"port\": \"" + l.get("port").getAsString() + "\", \"baudRate\": " + serialBaud + "}\n");
        }
        Files.writeString(conf.resolve("config/io.fums.meter.reading.json"),
                "{\"readIntervalSeconds\": " + readIntervalSeconds + ", \"readTimeoutSeconds\": 10}\n");
        Files.writeString(conf.resolve("config/io.fums.meter.upgrade.json"), "{\"pollIntervalMillis\": 100, \"pollTimeoutSeconds\": 60}\n");
        return conf;
    }

    /** The instant (meter clock) a meter's scheduled activation fired, from its event log; null if none. */
    public Instant scheduledActivationAt(String meterId) {
        for (String e : status(meterId).events()) {
            int at = e.indexOf(" scheduled activation due at ");
            if (at > 0) {
                return Instant.parse(e.substring(0, at));
            }
        }
        return null;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
