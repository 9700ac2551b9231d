package io.fums.emulator.meter.config;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.SecurityKeys;
import java.util.HexFormat;

/**
 * How a meter authenticates associations, as configured: the server session
 * turns it into its own settings. {@link #toString()} hides the secrets.
 *
 * @param authentication    "none", "low" or "high-gmac"
 * @param password          the LLS password (low), or null
 * @param encryptionKey     global unicast encryption key, 16 octets, or null
 * @param authenticationKey authentication key, 16 octets, or null
 * @param systemTitle       the meter's system title, 8 octets
 * @param ciphering         whether APDUs must be ciphered
 */
public record MeterSecurity(String authentication, byte[] password, byte[] encryptionKey, byte[] authenticationKey,
        byte[] systemTitle, boolean ciphering) {

    /** Validates. */
    public MeterSecurity {
        if (!"none".equals(authentication) && !"low".equals(authentication) && !"high-gmac".equals(authentication)) {
            throw new IllegalArgumentException("authentication must be none, low or high-gmac: " + authentication);
        }
        if ("low".equals(authentication) && (password == null || password.length == 0)) {
            throw new IllegalArgumentException("low level security needs a password");
        }
        if (("high-gmac".equals(authentication) || ciphering)
                && (length(encryptionKey) != 16 || length(authenticationKey) != 16)) {
            throw new IllegalArgumentException("high-gmac and ciphering need 16-octet encryption and "
                    + "authentication keys");
        }
        if (length(systemTitle) != 8) {
            throw new IllegalArgumentException("a system title has 8 octets");
        }
    }

    /** No authentication, no ciphering. */
    public static MeterSecurity none(byte[] systemTitle) {
        return new MeterSecurity("none", null, null, null, systemTitle, false);
    }

    /**
     * What a client (the DCU, a test) associates with to reach this meter:
     * its authentication, keys and ciphering, with the client's own system
     * title {@code clientSystemTitle} (8 octets) where HLS or ciphering needs
     * one, and fresh invocation counters (set them with
     * {@link AssociationSettings#withCounters} to go on from an earlier association).
     */
    public AssociationSettings clientSettings(byte[] clientSystemTitle) {
        Authentication a = switch (authentication) {
            case "low" -> Authentication.LOW;
            case "high-gmac" -> Authentication.HIGH_GMAC;
            default -> Authentication.NONE;
        };
        SecurityKeys keys = encryptionKey == null ? null : new SecurityKeys(encryptionKey, authenticationKey);
        AssociationSettings d = AssociationSettings.none();
        return new AssociationSettings(a, password, keys, keys == null ? null : clientSystemTitle, ciphering, false,
                null, d.conformance(), d.maxReceivePduSize(), d.responseTimeout(), d.maxValueLength());
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    static byte[] hex(String s, String what) {
        try {
            return s == null ? null : HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex");
        }
    }

    @Override
    public String toString() {
        return "MeterSecurity[" + authentication + (ciphering ? ", ciphered" : "") + ", system title "
                + HexFormat.of().formatHex(systemTitle) + "]";
    }
}
