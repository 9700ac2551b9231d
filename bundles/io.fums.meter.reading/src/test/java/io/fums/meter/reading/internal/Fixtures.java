package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.LinkFactory;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.link.serial.SerialLink;
import io.fums.link.serial.SerialSettings;
import io.fums.store.AuditLog;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.BundleContext;

/** Emulated meters, a DCU database and the bundle's objects, without a framework. */
final class Fixtures {

    private Fixtures() {
    }

    /** Starts the population described by {@code json} (relative paths in {@code dir}). */
    static Emulated emulate(Path dir, KeyPair vendor, String json) throws Exception {
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Path file = dir.resolve("population.json");
        Files.writeString(file, json);
        PopulationConfig config = PopulationConfig.load(file, MeterStore.newGson());
        MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)));
        try {
            for (var p : emu.ptys()) {
                if (!p.awaitPty(5000)) {
                    throw new IllegalStateException("no pty " + p.path());
                }
            }
            Path inventory = dir.resolve("conf/meters.json");
            InventoryWriter.write(emu, config, "127.0.0.1", inventory);
            return new Emulated(emu, config, inventory);
        } catch (Exception | Error e) {
            emu.close();
            throw e;
        }
    }

    /** A running emulator and the inventory written for it. */
    record Emulated(MeterEmulator emulator, PopulationConfig config, Path inventory) implements AutoCloseable {
        @Override
        public void close() {
            emulator.close();
        }
    }

    /** The DCU side: database, audit log, and the wall clock they share. */
    static final class Dcu implements AutoCloseable {
        final Clock clock = Clock.systemUTC();
        final ClosableDatabase db;
        final AuditLog audit;
        final KeyEncryptionKey kek;
        final Path dataDir;

        Dcu(Path dataDir) throws FumsException {
            this.dataDir = dataDir;
            db = Stores.openDatabase(dataDir);
            audit = Stores.auditLog(db, clock);
            kek = KeyEncryptionKey.loadOrCreate(dataDir.resolve(KeyEncryptionKey.FILE));
        }

        /** The service on {@code inventory}, with links bound and started. */
        MeterReadingService service(Path inventory, int intervalSeconds, int timeoutSeconds,
                Map<String, LinkFactory> links) throws FumsException {
            MeterReadingService s = new MeterReadingService(settings(inventory, intervalSeconds, timeoutSeconds), db,
                    audit, clock, kek);
            links.forEach(s::bindLink);
            return s;
        }

        @Override
        public void close() {
            db.close();
        }
    }

    static ReadingSettings settings(Path inventory, int intervalSeconds, int timeoutSeconds) throws FumsException {
        return ReadingSettings.of(inventory.toString(), intervalSeconds, timeoutSeconds, 35, 4, null);
    }

    /** A serial link service over a pty, as io.fums.link.serial registers one. */
    static LinkFactory serial(String name, Path pty) {
        return new LinkFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Link open() throws DlmsException {
                return SerialLink.open(SerialSettings.of(pty.toString()));
            }
        };
    }

    /** Ciphered HLS-GMAC meters (suite 0 keys EK/AK of the tests) on TCP ports from {@code portBase}; {@code defaults} is JSON. */
    static Emulated ciphered(Path dir, KeyPair vendor, String group, int count, int portBase, String defaults)
            throws Exception {
        return emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"], "defaults": %s,
                 "groups": [{"id": "%s", "count": %d, "tcpPortBase": %d,
                             "security": {"authentication": "high-gmac", "encryptionKey": "%s",
                                          "authenticationKey": "%s", "ciphering": true}}]}
                """.formatted(defaults, group, count, portBase, EK, AK));
    }

    /** The suite 0 keys of {@link #ciphered}. */
    static final String EK = "000102030405060708090a0b0c0d0e0f";
    static final String AK = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";

    /** The real component on {@code inventory} (read once an hour, 5 s timeout), started. */
    static MeterReadingComponent component(Dcu dcu, Path inventory) throws Exception {
        Map<String, Object> properties = Map.of("readIntervalSeconds", 3600, "readTimeoutSeconds", 5);
        MeterReadingComponent c = new MeterReadingComponent(context(Map.of("fums.conf.dir", inventory.getParent().toString(),
                MeterReadingComponent.DATA_DIR_PROPERTY, dcu.dataDir.toString())),
                config(properties), properties, dcu.db, dcu.audit, dcu.clock);
        c.start();
        return c;
    }

    /** A {@link ReadingConfig} with the given values (by method name) and defaults elsewhere. */
    static ReadingConfig config(Map<String, Object> values) {
        return (ReadingConfig) Proxy.newProxyInstance(Fixtures.class.getClassLoader(),
                new Class<?>[] {ReadingConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ReadingConfig.class;
                    }
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }

    /** A bundle context whose framework properties are {@code properties}; nothing else works. */
    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(Fixtures.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The real {@link AnomalyMonitor}s on one SQLite database, audit log and alarm dispatcher, at {@code clock}. */
    static final class Monitors implements AutoCloseable {
        final ClosableDatabase db;
        final AuditLog audit;
        final AlarmDispatcher alarms = new AlarmDispatcher();
        private final Clock clock;

        Monitors(Path dir, Clock clock) throws FumsException {
            this.clock = clock;
            db = Stores.openDatabase(dir);
            audit = Stores.auditLog(db, clock);
            ReadingSchema.migrate(db);
        }

        /**
         * A monitor whose monotonic time runs with the test's clock: in these tests the clock stands for time passing
         * (no step; the clock-step tests give their own monotonic time).
         */
        AnomalyMonitor monitor(ReadingSettings.Limits limits) throws FumsException {
            return new AnomalyMonitor(new MeterStateStore(db), audit, alarms, clock, limits,
                    () -> clock.millis() * 1_000_000L);
        }

        /** The limits of a configuration with {@code values} (by key), defaults elsewhere. */
        static ReadingSettings.Limits limits(Map<String, Object> values) throws FumsException {
            return ReadingSettings.from(config(values), k -> null).anomaly();
        }

        @Override
        public void close() {
            alarms.close();
            db.close();
        }
    }
}
