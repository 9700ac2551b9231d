package io.fums.emulator.meter.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one emulated meter is, as configured: identity, factory firmware,
 * metrology, image transfer parameters and timings, and the default
 * configuration settings. Immutable. The meter's changing state (banks,
 * transfer, registers, settings as written) lives in its store; a spec
 * only seeds a meter that has no state yet, except for the metrology's
 * measuring part and the timings, which always come from the spec.
 *
 * @param meterId          the emulator's name for the meter (its folder, control commands)
 * @param deviceId         the serial number served at 0-0:96.1.0.255
 * @param deviceType       the device type, matched against an image's header at verification
 * @param factoryFirmware  the firmware version in the active bank of a new meter
 * @param blockSize        image_block_size, octets
 * @param maxImageSize     the largest image the pending bank holds, octets
 * @param powerImportW     the measuring part's constant active import power, W (MET-3)
 * @param powerExportW     the measuring part's constant active export power, W
 * @param energyScaler     scaler of the energy registers: value * 10^scaler Wh
 * @param initialImportWh  energy import register of a new meter, Wh
 * @param initialExportWh  energy export register of a new meter, Wh
 * @param timeZone         clock deviation of a new meter, minutes (UTC = local + deviation)
 * @param verifyMillis     how long image verification takes (status 2); 0 = synchronous
 * @param activateMillis   how long activation takes before the self-check (status 5)
 * @param selfCheckMillis  how long the self-check after activation takes (status 5)
 * @param verifyOnActivate whether image_activate verifies an unverified complete image first
 *                         (Blue Book option); false: activation without verification is refused
 * @param settings         default configuration: OBIS code to typed value ({@link SettingValue})
 * @param components       firmware components besides the core (issue 15): {@code metrology} and/or
 *                         {@code communication} to the factory version of each; empty for a core-only meter
 */
public record MeterSpec(String meterId, String deviceId, String deviceType, String factoryFirmware, int blockSize,
        long maxImageSize, double powerImportW, double powerExportW, int energyScaler, long initialImportWh,
        long initialExportWh, int timeZone, long verifyMillis, long activateMillis, long selfCheckMillis,
        boolean verifyOnActivate, Map<String, String> settings, Map<String, String> components) {

    /**
     * The OBIS group B of each component's firmware identifier (1-B:0.2.0.255) and signature (1-B:0.2.8.255),
     * as the DSMR/IDIS companion specifications number them (docs/dlms.md, "Firmware per component").
     */
    public static final Map<String, Integer> COMPONENT_CHANNELS = Map.of("metrology", 1, "communication", 2);

    /** A meter with a core only. */
    public MeterSpec(String meterId, String deviceId, String deviceType, String factoryFirmware, int blockSize,
            long maxImageSize, double powerImportW, double powerExportW, int energyScaler, long initialImportWh,
            long initialExportWh, int timeZone, long verifyMillis, long activateMillis, long selfCheckMillis,
            boolean verifyOnActivate, Map<String, String> settings) {
        this(meterId, deviceId, deviceType, factoryFirmware, blockSize, maxImageSize, powerImportW, powerExportW,
                energyScaler, initialImportWh, initialExportWh, timeZone, verifyMillis, activateMillis,
                selfCheckMillis, verifyOnActivate, settings, Map.of());
    }

    /** Validates. */
    public MeterSpec {
        require(meterId != null && meterId.matches("[A-Za-z0-9._-]{1,64}"),
                "meter id must be 1..64 of [A-Za-z0-9._-]: " + meterId);
        require(deviceId != null && !deviceId.isEmpty() && deviceId.length() <= 64, "device id must be 1..64 chars");
        require(deviceType != null && !deviceType.isEmpty() && deviceType.length() <= 64,
                "device type must be 1..64 chars");
        require(factoryFirmware != null && !factoryFirmware.isEmpty() && factoryFirmware.length() <= 64,
                "firmware version must be 1..64 chars");
        require(blockSize >= 16 && blockSize <= 65_535, "block size must be 16..65535: " + blockSize);
        require(maxImageSize > 0 && maxImageSize <= 0xFFFF_FFFFL, "max image size out of range");
        require(powerImportW >= 0 && powerExportW >= 0, "power must not be negative");
        require(energyScaler >= -3 && energyScaler <= 6, "energy scaler must be -3..6");
        require(initialImportWh >= 0 && initialExportWh >= 0, "energy must not be negative");
        require(timeZone >= -720 && timeZone <= 720, "time zone must be -720..720 minutes");
        require(verifyMillis >= 0 && activateMillis >= 0 && selfCheckMillis >= 0, "timings must not be negative");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of() : settings));
        for (Map.Entry<String, String> e : settings.entrySet()) {
            io.fums.dlms.cosem.ObisCode.parse(e.getKey());
            SettingValue.parse(e.getValue());
        }
        components = java.util.Collections.unmodifiableMap(new TreeMap<>(components == null ? Map.of() : components));
        for (Map.Entry<String, String> e : components.entrySet()) {
            require(COMPONENT_CHANNELS.containsKey(e.getKey()),
                    "components: '" + e.getKey() + "' is not metrology or communication");
            require(e.getValue() != null && !e.getValue().isEmpty() && e.getValue().length() <= 64,
                    "components: the version of " + e.getKey() + " must be 1..64 chars");
        }
    }

    /** This spec with firmware components besides the core: name to factory version. */
    public MeterSpec withComponents(Map<String, String> factoryVersions) {
        return new MeterSpec(meterId, deviceId, deviceType, factoryFirmware, blockSize, maxImageSize, powerImportW,
                powerExportW, energyScaler, initialImportWh, initialExportWh, timeZone, verifyMillis, activateMillis,
                selfCheckMillis, verifyOnActivate, settings, factoryVersions);
    }

    /** A spec with the defaults of the emulator for the given meter id. */
    public static MeterSpec defaults(String meterId) {
        return new MeterSpec(meterId, meterId, "FUMS-EM-1", "1.0.0", 512, 16L << 20, 1000, 0, 0, 0, 0, 0,
                1000, 500, 500, false, defaultSettings());
    }

    /**
     * The default configuration objects (class 1): the currently active
     * tariff 0-0:96.14.0.255 and three network settings in the
     * manufacturer-specific range 0-0:96.50.x.255 (network address, PAN id,
     * reporting period in seconds).
     */
    public static Map<String, String> defaultSettings() {
        Map<String, String> m = new TreeMap<>();
        m.put("0-0:96.14.0.255", "u8:1");
        m.put("0-0:96.50.1.255", "str:10.0.0.1");
        m.put("0-0:96.50.2.255", "u16:4660");
        m.put("0-0:96.50.3.255", "u32:900");
        return m;
    }

    /** This spec with other timings. */
    public MeterSpec withTimings(long verify, long activate, long selfCheck) {
        return new MeterSpec(meterId, deviceId, deviceType, factoryFirmware, blockSize, maxImageSize, powerImportW,
                powerExportW, energyScaler, initialImportWh, initialExportWh, timeZone, verify, activate, selfCheck,
                verifyOnActivate, settings, components);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
