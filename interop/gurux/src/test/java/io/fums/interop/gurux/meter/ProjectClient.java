package io.fums.interop.gurux.meter;

import gurux.dlms.enums.InterfaceType;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.security.SecurityKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The project's DLMS client (io.fums.dlms, as the DCU uses it) associated with a Gurux meter. */
public final class ProjectClient {

    /** The client's (DCU's) system title. */
    public static final byte[] SYSTEM_TITLE = "FUMDCU01".getBytes(StandardCharsets.US_ASCII);

    /**
     * HDLC as these tests speak it: physical address 17, information field 128 octets (image blocks go in
     * segments), window 1 (see docs/dlms.md, "Independent peer", for Gurux's server and windows).
     */
    public static final HdlcSettings HDLC = HdlcSettings.client(0x10, 1, 17).withMaxInfo(128, 128).withWindow(1, 1);

    private ProjectClient() {
    }

    /**
     * Opens an association with {@code server}'s meter as client SAP 0x10 to logical device 1 with the meter's own
     * security, over the meter's framing (HDLC: {@link #HDLC}).
     */
    public static DlmsClient connect(GuruxMeterServer server, GuruxMeterConfig meter) throws DlmsException {
        return connect(server, meter, HDLC);
    }

    /** The client's side of {@code meter}'s security. */
    public static AssociationSettings settings(GuruxMeterConfig meter) {
        return switch (meter.authentication()) {
            case HIGH_GMAC -> AssociationSettings.highGmac(
                    new SecurityKeys(meter.encryptionKey(), meter.authenticationKey()), SYSTEM_TITLE, true);
            case LOW -> AssociationSettings.lowLevel(meter.password().getBytes(StandardCharsets.US_ASCII));
            default -> AssociationSettings.none();
        };
    }

    /** The same with the client's HDLC settings {@code hdlc} (used only if the meter speaks HDLC). */
    public static DlmsClient connect(GuruxMeterServer server, GuruxMeterConfig meter, HdlcSettings hdlc)
            throws DlmsException {
        AssociationSettings settings = settings(meter);
        TcpLink link = TcpLink.connect("127.0.0.1", server.port(), Duration.ofSeconds(2));
        return server.meter().getInterfaceType() == InterfaceType.HDLC
                ? DlmsClient.overHdlc(link, hdlc, settings)
                : DlmsClient.overWrapper(link, 0x10, 1, settings);
    }
}
