package io.fums.meter.access;

import io.fums.api.device.DeviceType;
import java.util.Objects;

/**
 * A meter of the DCU's inventory: who it is and how it is reached.
 *
 * @param meterId    the meter's id in the inventory (a {@link io.fums.api.device.DeviceId} text form)
 * @param deviceType its device type, which decides the firmware it can run
 * @param linkId     the link it is reached over: a serial link's configured name (the
 *                   {@code link.name} of its {@link io.fums.dlms.link.LinkFactory}), or
 *                   {@code tcp:HOST:PORT} for a meter reached over TCP; meters with the same
 *                   link id share its capacity, one exchange at a time
 * @param address    where on the link, for people: {@code "tcp 127.0.0.1:4061"} or
 *                   {@code "hdlc rs485-a @0x11"}
 * @param security   the association security the inventory says: {@code none}, {@code low},
 *                   {@code high-gmac} or {@code high-ecdsa}, followed by {@code +suite0} (or
 *                   {@code +suite1} for high-ecdsa) when every APDU is ciphered; the default is
 *                   {@value #SECURE}, and {@value #SECURE_SUITE1} (since 1.5) is as secure (SEC-5),
 *                   see {@link #insecure()}
 * @since 1.2
 */
public record MeterInfo(String meterId, DeviceType deviceType, String linkId, String address, String security) {

    /** The security every meter should have: HLS-GMAC authentication and suite 0 ciphering. */
    public static final String SECURE = "high-gmac+suite0";
    /** HLS-ECDSA authentication and security suite 1 ciphering: as secure as {@link #SECURE}. @since 1.5 */
    public static final String SECURE_SUITE1 = "high-ecdsa+suite1";

    /** Checks that every component is present. */
    public MeterInfo {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(security, "security");
    }

    /**
     * Whether the meter runs with weaker security than {@value #SECURE} (or {@value #SECURE_SUITE1}): an
     * exception written explicitly in the inventory, which the DCU reports in
     * its state and in {@code meters.list} (SEC-5).
     *
     * @return true unless {@link #security()} is {@value #SECURE} or {@value #SECURE_SUITE1}
     */
    public boolean insecure() {
        return !SECURE.equals(security) && !SECURE_SUITE1.equals(security);
    }
}
