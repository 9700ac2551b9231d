package io.fums.interop.gurux.meter;

import gurux.dlms.enums.Authentication;

/**
 * A Gurux meter's settings.
 *
 * @param deviceId           served as 0-0:96.1.0.255
 * @param firmware           factory firmware version (1-0:0.2.0.255)
 * @param authentication     NONE, LOW or HIGH_GMAC (with security suite 0 ciphering of every APDU)
 * @param password           LLS password (LOW), else null
 * @param systemTitle        the meter's system title, 8 octets (HIGH_GMAC)
 * @param encryptionKey      global unicast encryption key, 16 octets (HIGH_GMAC)
 * @param authenticationKey  authentication key, 16 octets (HIGH_GMAC)
 * @param blockSize          image_block_size
 * @param maxPduSize         largest APDU the meter receives (server-max-receive-pdu-size)
 * @param maxImageSize       largest image accepted by image_transfer_initiate
 * @param activationSchedule whether the meter has the image activation schedule (class 22)
 * @param energyWh           the active energy import register's value
 */
public record GuruxMeterConfig(String deviceId, String firmware, Authentication authentication, String password,
        byte[] systemTitle, byte[] encryptionKey, byte[] authenticationKey, int blockSize, int maxPduSize,
        int maxImageSize, boolean activationSchedule, long energyWh) {

    /** Validates. */
    public GuruxMeterConfig {
        if (authentication == Authentication.LOW && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("LLS needs a password");
        }
        if (authentication == Authentication.HIGH_GMAC && (length(systemTitle) != 8 || length(encryptionKey) != 16
                || length(authenticationKey) != 16)) {
            throw new IllegalArgumentException("HLS-GMAC needs an 8-octet system title and 16-octet keys");
        }
        if (authentication != Authentication.NONE && authentication != Authentication.LOW
                && authentication != Authentication.HIGH_GMAC) {
            throw new IllegalArgumentException("not supported by this meter: " + authentication);
        }
        if (blockSize < 1 || blockSize + 32 > maxPduSize || maxImageSize < 1 || energyWh < 0 || energyWh > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a block (plus the request's header) must fit the PDU; energy is a double-long-unsigned");
        }
    }

    /** HLS-GMAC with suite 0, firmware 1.0.0, 2048-octet PDUs, images up to 1 MiB. */
    public static GuruxMeterConfig hlsGmac(String deviceId, byte[] systemTitle, byte[] encryptionKey,
            byte[] authenticationKey, int blockSize, boolean activationSchedule) {
        return new GuruxMeterConfig(deviceId, "1.0.0", Authentication.HIGH_GMAC, null, systemTitle, encryptionKey,
                authenticationKey, blockSize, 2048, 1 << 20, activationSchedule, 5000);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
