package io.fums.dlms.link;

import io.fums.dlms.DlmsException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A configured way to reach meters, registered as an OSGi service by
 * transport bundles (one service per configured serial port, for example).
 * Service properties: {@link #NAME} and {@link #TYPE}.
 *
 * <p>Thread-safe. A link that can be open only once at a time (a serial
 * port) refuses a second {@link #open()} until the first is closed.
 */
@ConsumerType
public interface LinkFactory {

    /** Service property: the configured name of the link, e.g. {@code "rs485-a"}. */
    String NAME = "link.name";
    /** Service property: the kind of link, e.g. {@code "serial"}. */
    String TYPE = "link.type";

    /** The configured name, as in the {@link #NAME} property. */
    String name();

    /**
     * Opens the link.
     *
     * @throws DlmsException METER_UNREACHABLE if it cannot be opened (port absent, busy)
     */
    Link open() throws DlmsException;
}
