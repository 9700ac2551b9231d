package io.fums.meter.reading;

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
 */
public record MeterInfo(String meterId, DeviceType deviceType, String linkId, String address) {

    /** Checks that every component is present. */
    public MeterInfo {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(address, "address");
    }
}
