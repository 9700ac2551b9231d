package io.fums.api.firmware;

import java.util.Optional;

/**
 * A firmware component of a meter (SM-1, issue 15): a meter runs several
 * images, each with its own active firmware identifier and signature (class
 * 1 Data objects). The core's objects are the Blue Book's 1-0:0.2.0.255 and
 * 1-0:0.2.8.255; the companion specifications number the others in OBIS
 * group B (DSMR 5 / the Dutch smart meter requirements and the open smart
 * grid platform's DLMS adapter: 1-1 the module or metrology firmware, 1-2
 * the communication module; docs/dlms.md, "Firmware per component").
 *
 * <p>A meter-firmware package names the component it carries (absent: the
 * core); a campaign upgrades that component only, and reads its identifier
 * back after activation.
 *
 * @since 1.1
 */
public enum FirmwareComponent {

    /** The meter's core (application) firmware: 1-0:0.2.0.255. */
    CORE("core", 0),
    /** The metrology firmware: 1-1:0.2.0.255 (MET-3: no upgrade of another component touches it). */
    METROLOGY("metrology", 1),
    /** The communication module's firmware: 1-2:0.2.0.255. */
    COMMUNICATION("communication", 2);

    private final String id;
    private final int channel;

    FirmwareComponent(String id, int channel) {
        this.id = id;
        this.channel = channel;
    }

    /** The name in manifests, campaign results and JSON: {@code core}, {@code metrology}, {@code communication}. */
    public String id() {
        return id;
    }

    /** OBIS group B of the component's objects. */
    public int channel() {
        return channel;
    }

    /** The active firmware identifier's logical name, e.g. {@code "1-1:0.2.0.255"}. */
    public String identifierObis() {
        return "1-" + channel + ":0.2.0.255";
    }

    /** The active firmware signature's logical name, e.g. {@code "1-1:0.2.8.255"}. */
    public String signatureObis() {
        return "1-" + channel + ":0.2.8.255";
    }

    /** The component named {@code id}, if any. */
    public static Optional<FirmwareComponent> fromId(String id) {
        for (FirmwareComponent c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The component whose identifier object is {@code obis} (OBIS text as {@link #identifierObis()}), if any. */
    public static Optional<FirmwareComponent> ofIdentifierObis(String obis) {
        for (FirmwareComponent c : values()) {
            if (c.identifierObis().equals(obis)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
