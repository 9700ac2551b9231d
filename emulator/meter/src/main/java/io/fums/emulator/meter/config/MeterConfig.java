package io.fums.emulator.meter.config;

import io.fums.emulator.meter.fault.FaultPlan;
import java.util.Map;

/**
 * The settings of one meter or of a group, as the population file holds
 * them (Gson, every field optional; a meter's settings are the defaults,
 * overlaid by its group's, overlaid by its own entry). See the module's
 * README for the meaning and defaults of each field.
 */
final class MeterConfig {

    // identity and firmware
    String id;
    String deviceId;
    String deviceType;
    String firmware;
    // firmware components besides the core (issue 15): "metrology" and/or "communication" to the factory version
    Map<String, String> components;
    // image transfer
    Integer blockSize;
    Long maxImageSize;
    Long verifyMillis;
    Long activateMillis;
    Long selfCheckMillis;
    Boolean verifyOnActivate;
    // metrology and clock
    Double powerW;
    Double exportPowerW;
    Integer energyScaler;
    Long initialImportWh;
    Long initialExportWh;
    Integer timeZone;
    // configuration objects: OBIS code to typed value ("u8:1", "str:10.0.0.1", ...)
    Map<String, String> settings;
    // endpoint: one of tcpPort (IEC 62056-47 wrapper), pty (HDLC on its own virtual serial port)
    // or medium (HDLC on a shared medium); hdlcAddress is the physical device address
    Integer tcpPort;
    String pty;
    String medium;
    Integer hdlcAddress;
    Integer logicalDevice;
    Integer maxPduSize;
    Integer hdlcMaxInfo;
    Integer hdlcWindow;
    SecurityConfig security;
    LinkConfig link;
    FaultPlan faults;

    // groups only
    Integer count;
    String idFormat;
    String deviceIdFormat;
    Integer firstIndex;
    Integer tcpPortBase;
    Integer hdlcAddressBase;
    String ptyFormat;

    /** Association security of a meter; nothing said: HLS-GMAC with suite 0 ciphering and derived keys. */
    static final class SecurityConfig {
        /** "none", "low" (password), "high-gmac" (the default) or "high-ecdsa" (HLS-ECDSA, security suite 1). */
        String authentication;
        String password;
        /** 16 octets, hex; default derived from the population's seed ({@link MeterKeys}). */
        String encryptionKey;
        /** 16 octets, hex; default derived from the population's seed ({@link MeterKeys}). */
        String authenticationKey;
        /** 8 octets, hex; default "FUM" and the meter's index. */
        String systemTitle;
        /** Whether APDUs must be ciphered (suite 0, suite 1 with high-ecdsa); default true with HLS, else false. */
        Boolean ciphering;
        /**
         * Global broadcast encryption key, 16 octets, hex, for a ciphering meter; default for one on a shared
         * medium derived from the seed and the medium ({@link MeterKeys#broadcastKey}), else none.
         */
        String broadcastKey;
        /**
         * high-ecdsa: the DCU's P-256 public key (PEM SubjectPublicKeyInfo file, e.g. the DCU's
         * keys/dlms-client.key.pub.pem), which verifies its f(StoC). The meter's own key is derived from the seed.
         */
        String clientPublicKey;
    }

    /** A link profile; baud sets bytesPerSecond to baud / 10 (8N1). */
    static final class LinkConfig {
        Long baud;
        Long bytesPerSecond;
        Long latencyMillis;
        Double frameLossRate;
        /** Mean length of a loss burst in frames (Gilbert-Elliott); absent, 0 or 1: independent losses. */
        Double meanLossBurstFrames;
        Boolean halfDuplex;
    }
}
