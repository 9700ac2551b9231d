package io.fums.interop.gurux;

import gurux.dlms.enums.Authentication;
import io.fums.emulator.meter.config.MeterSecurity;
import java.nio.charset.StandardCharsets;

/**
 * What Gurux's client needs to associate with a meter: the mechanism, the
 * LLS password, and for HLS-GMAC with security suite 0 the client's system
 * title and the meter's global unicast encryption and authentication keys.
 */
record GuruxSecurity(Authentication authentication, String password, byte[] clientSystemTitle, byte[] encryptionKey,
        byte[] authenticationKey) {

    /** The client's side of an emulated meter's security, as configured in the emulator's population. */
    static GuruxSecurity of(MeterSecurity meter, byte[] clientSystemTitle) {
        return switch (meter.authentication()) {
            case "none" -> new GuruxSecurity(Authentication.NONE, null, null, null, null);
            case "low" -> new GuruxSecurity(Authentication.LOW,
                    new String(meter.password(), StandardCharsets.US_ASCII), null, null, null);
            case "high-gmac" -> new GuruxSecurity(Authentication.HIGH_GMAC, null, clientSystemTitle,
                    meter.encryptionKey(), meter.authenticationKey());
            default -> throw new IllegalArgumentException("not covered by these tests: " + meter);
        };
    }

    /** The same with another password (LLS) or authentication key (HLS-GMAC): a client that must be refused. */
    GuruxSecurity wrongSecret() {
        byte[] ak = authenticationKey == null ? null : authenticationKey.clone();
        if (ak != null) {
            ak[0] ^= 1;
        }
        return new GuruxSecurity(authentication, password == null ? null : password + "x", clientSystemTitle,
                encryptionKey, ak);
    }
}
